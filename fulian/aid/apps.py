from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "fulian.aid"
    label = "aid"
    verbose_name = "帮扶救助"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, rules  # noqa: F401  (rules registers the programme scope rule)

        auditlog.register(models.Programme, m2m_fields={"eligible_categories"})
        auditlog.register(models.Application)
        auditlog.register(models.Notice)
        auditlog.register(models.Objection)
        auditlog.register(models.Disbursement)
        auditlog.register(models.DisbursementItem)
        navigation.register("帮扶救助", "aid:programmes", "aid.view", 45, group="ledgers")

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(
            self.label,
            selectors.figures,
            meta=summary.FIGURE_META,
            label=figures.figure_label,
            records=figures.records,
        )
        register_summary(self.label, summary.contribute)
