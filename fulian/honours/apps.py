from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "fulian.honours"
    label = "honours"
    verbose_name = "评选表彰"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, pickers, scope  # noqa: F401  (scope registers the campaign rule and the kinds list)

        for model in (
            models.HonourKind,
            models.Campaign,
            models.Quota,
            models.Nomination,
            models.Award,
            models.HonourNotice,
            models.HonourObjection,
            models.Creation,
            models.CreationStep,
            models.NominationFile,
        ):
            auditlog.register(model)
        # a violation record is sensitive: the change history keeps its date and source, never who it
        # concerns nor its (encrypted) account
        auditlog.register(models.FamilyPlanningRecord, exclude_fields=["account", "person"])
        pickers.register()
        navigation.register("评选表彰", "honours:index", "honours.view", order=48, group="ledgers")

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, summary

        register_figures(self.label, figures.figures, meta=summary.FIGURE_META, records=figures.records)
        register_summary(self.label, summary.contribute)
