from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "fulian.care"
    label = "care"
    verbose_name = "结对关爱"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)
        from .dashboard import register_dashboard

        auditlog.register(models.Volunteer)
        auditlog.register(models.Pairing, exclude_fields=["next_visit_due"])
        auditlog.register(models.Visit)
        navigation.register("结对关爱", "care:pairing_list", "care.view", order=40, group="ledgers")
        register_dashboard()
        pickers.register()

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(
            self.label,
            selectors.figures,
            meta=figures.FIGURE_META,
            label=figures.figure_label,
            records=figures.records,
            detail=("care.gathering.",),
        )
        register_summary(self.label, summary.contribute)
