from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "fulian.activities"
    label = "activities"
    verbose_name = "活动台账"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.scoping import reference_data

        from . import models

        for model in (models.ActivityType, models.OutsideBody, models.QuantityKind):
            reference_data(model)

        auditlog.register(models.Activity, m2m_fields={"co_units", "co_bodies", "participants"})
        auditlog.register(models.ActivityTeam)
        auditlog.register(models.ActivityQuantity)
        auditlog.register(models.ActivityAttachment)
        auditlog.register(models.ActivityType)
        auditlog.register(models.OutsideBody)
        auditlog.register(models.QuantityKind)
        navigation.register("活动台账", "activities:list", "activities.view", 40, group="ledgers")

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
