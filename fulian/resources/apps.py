from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "fulian.resources"
    label = "resources"
    verbose_name = "资源、项目与代办服务"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.scoping import reference_data

        from . import models, pickers

        for model in (
            models.Fund,
            models.Donation,
            models.DonationItem,
            models.FundUse,
            models.UseDisbursement,
            models.ServiceKind,
            models.ServiceRecord,
            models.Project,
            models.Milestone,
            models.Pairing,
            models.PairingActivity,
        ):
            auditlog.register(model)
        reference_data(models.ServiceKind)
        pickers.register()
        navigation.register("捐赠与资金", "resources:funds", "resources.view", 50, group="ledgers")
        navigation.register("代办服务", "resources:services", "resources.view", 52, group="ledgers")
        navigation.register("项目与结对", "resources:projects", "resources.view", 54, group="ledgers")

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
