from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "fulian.assessment"
    label = "assessment"
    verbose_name = "村级考核"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, rules  # noqa: F401  (rules registers the sheet scope rule)

        for m in (
            models.Rubric,
            models.Category,
            models.Item,
            models.Assessment,
            models.Sheet,
            models.Score,
            models.CrossCheck,
            models.CrossCheckPair,
            models.Draw,
            models.Evidence,
            models.ZoneMeeting,
            models.Appeal,
        ):
            auditlog.register(m)
        auditlog.register(models.InspectionGroup, m2m_fields={"members", "items", "villages"})
        navigation.register("村级考核", "assessment:list", "assessment.view", 60, group="assessment")

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, summary

        register_figures(
            self.label,
            figures.figures,
            meta=figures.FIGURE_META,
            label=figures.figure_label,
            records=figures.records,
        )
        register_summary(self.label, summary.contribute)
