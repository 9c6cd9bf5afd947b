from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fulian.publicity"
    label = "publicity"
    verbose_name = "宣传工作"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models

        for model in (models.Piece, models.Adoption):
            auditlog.register(model)
        navigation.register("宣传工作", "publicity:index", "publicity.view", order=46, group="ledgers")

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(self.label, selectors.figures, meta=summary.FIGURE_META, records=figures.records)
        register_summary(self.label, summary.contribute)
