from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Excel in and out for every ledger. Apps declare specs in their own `spreadsheet.py` module,
    which is imported here at start-up (like admin.py), so adopting the mechanism needs no wiring."""

    name = "fulian.core.spreadsheets"
    label = "spreadsheets"
    verbose_name = "表格导入导出"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fulian.core import jobs, navigation
        from fulian.core.roles import Role, grant

        from . import services

        autodiscover_modules("spreadsheet")
        jobs.register_cleanup(services.import_jobs_clean_up)
        # Only decides who sees the "我的导入" menu entry; each import checks its own spec's capability.
        importers = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR]
        grant("spreadsheets.jobs", importers)
        navigation.register("我的导入", "spreadsheets:jobs", "spreadsheets.jobs", order=90)
