from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Excel in and out for every ledger. Apps declare specs in their own `spreadsheet.py` module,
    which is imported here at start-up (like admin.py), so adopting the mechanism needs no wiring."""

    name = "fulian.core.spreadsheets"
    label = "spreadsheets"
    verbose_name = "表格导入导出"

    def ready(self) -> None:
        from fulian.core import jobs, navigation
        from fulian.core.registry import discover

        from . import services

        discover("spreadsheet")
        jobs.register_cleanup(services.import_jobs_clean_up)
        navigation.register("我的导入", "spreadsheets:jobs", "spreadsheets.jobs", order=90, group="system")
