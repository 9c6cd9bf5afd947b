from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Excel in and out for every ledger. Apps declare specs in their own `spreadsheet.py` module,
    which is imported here at start-up (like admin.py), so adopting the mechanism needs no wiring."""

    name = "fulian.core.spreadsheets"
    label = "spreadsheets"
    verbose_name = "表格导入导出"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("spreadsheet")
