from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fulian.cases"
    label = "cases"
    verbose_name = "维权"

    def ready(self) -> None:
        from fulian.core.dashboard import register_feed
        from fulian.core.navigation import register

        from . import rules  # noqa: F401  (registers the scope rule for Case)
        from .dashboard import cases_feed

        register("维权", "cases:list", "cases.view", order=60, group="rights")
        # The county's only view of cases.
        register("维权统计", "cases:stats", "cases.stats", order=61, group="rights")
        register_feed(cases_feed)
        # Deliberately NOT registered with django-auditlog: its rows would hold the plaintext of the
        # encrypted fields and are shown to auditors above the town. The history is `CaseEvent`.

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(
            self.label,
            selectors.figures,
            meta=summary.FIGURE_META,
            label=summary.figure_label,
            records=figures.records,
        )
        register_summary(self.label, summary.contribute)
