from django.apps import AppConfig


class OrgbuildConfig(AppConfig):
    name = "fulian.orgbuild"
    label = "orgbuild"
    verbose_name = "组织建设"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, pickers, scope  # noqa: F401  (scope registers the training rule)

        for model in (
            models.Election,
            models.Step,
            models.SeatShare,
            models.Candidate,
            models.Round,
            models.Box,
            models.BoxVote,
            models.PostRecord,
            models.CadreTraining,
            models.Attendance,
            models.Place,
        ):
            auditlog.register(model)
        navigation.register("换届选举", "orgbuild:index", "orgbuild.view", order=20, group="orgs")
        navigation.register("干部与阵地", "orgbuild:cadres", "orgbuild.view", order=30, group="orgs")
        pickers.register()

        from . import dashboard

        dashboard.register()

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(self.label, selectors.figures, meta=summary.FIGURE_META, records=figures.records)
        register_summary(self.label, summary.contribute)
