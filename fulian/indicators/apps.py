from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fulian.indicators"
    label = "indicators"
    verbose_name = "两纲监测"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models

        navigation.register("两纲监测", "indicators:values", "indicators.view", 74, group="reports")
        auditlog.register(models.Indicator)
        auditlog.register(models.IndicatorValue)

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.summary import register_summary

        from . import summary

        register_summary(self.label, summary.contribute)
