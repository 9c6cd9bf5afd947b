from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "fulian.health"
    label = "health"
    verbose_name = "健康筛查"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)

        auditlog.register(models.Hospital)
        auditlog.register(models.Campaign, m2m_fields={"hospitals"})
        # Diagnosis texts stay out of the change history (it would hold them decrypted).
        auditlog.register(models.Screening, exclude_fields=["finding", "treatment_note"])
        auditlog.register(models.ScreeningCount)
        navigation.register("健康筛查", "health:campaign_list", "health.view", order=42, group="ledgers")
        pickers.register()

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
            detail=("health.campaign.",),
        )
        register_summary(self.label, summary.contribute)
