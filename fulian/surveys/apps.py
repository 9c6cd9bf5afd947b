from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "fulian.surveys"
    label = "surveys"
    verbose_name = "问卷调查"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models

        auditlog.register(models.Questionnaire)
        auditlog.register(models.Question)
        auditlog.register(models.Link)
        navigation.register("问卷调查", "surveys:list", "surveys.view", 62, group="assessment")

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures

        from . import figures, selectors

        register_figures(
            self.label,
            selectors.figures,
            meta=selectors.FIGURE_META,
            records=figures.records,
        )
