from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fulian.orgs"
    label = "orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.OrgUnit, exclude_fields=["path", "depth", "numchild"])
        auditlog.register(models.Zone)
        auditlog.register(models.FederationMember)
        auditlog.register(models.Membership)

        from . import lookups

        lookups.register()  # path__startswith as an index range on SQLite

        from fulian.core.navigation import register as register_menu

        from . import dashboard

        register_menu("组织机构", "orgs:tree", "orgs.view", 10, group="orgs")
        dashboard.register()

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
