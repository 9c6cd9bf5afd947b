from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "fulian.office"
    label = "office"
    verbose_name = "公文与通知"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import dashboard, navigation

        from . import models, rules  # noqa: F401  (rules registers the scope rules)
        from .home import unread_notices

        for model in (models.DocumentSeries, models.Document, models.Notice, models.Receipt):
            auditlog.register(model)
        navigation.register("公文管理", "office:index", "office.view", order=10, group="office")
        navigation.register("通知", "office:inbox", "office.notice_read", order=20, group="office")
        dashboard.register_feed(unread_notices)

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(self.label, selectors.figures, meta=summary.FIGURE_META, records=figures.records)
        register_summary(self.label, summary.contribute)
