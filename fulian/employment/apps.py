from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "fulian.employment"
    label = "employment"
    verbose_name = "创业就业"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)

        for model in (
            models.Training,
            models.Trainee,
            models.JobFair,
            models.FairEmployer,
            models.Entrepreneur,
            models.Loan,
        ):
            auditlog.register(model)
        navigation.register("创业就业", "employment:index", "employment.view", order=44, group="ledgers")
        pickers.register()

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(
            self.label,
            selectors.figures,
            meta=summary.FIGURE_META,
            records=figures.records,
        )
        register_summary(self.label, summary.contribute)
