from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "fulian.sms"
    label = "sms"
    verbose_name = "短信平台"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import jobs, navigation

        from . import models, services

        auditlog.register(models.Template)
        auditlog.register(models.SavedList)
        auditlog.register(models.Message)
        # Delivery rows and opt-outs hold phones: they stay out of the change history (it would hold them
        # decrypted); each delivery row is its own record of what happened.
        navigation.register("短信平台", "sms:message_list", "sms.view", order=70, group="office")
        jobs.register_cleanup(services.dispatch_due)

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(self.label, selectors.figures, meta=summary.FIGURE_META, records=figures.records)
        register_summary(self.label, summary.contribute)
