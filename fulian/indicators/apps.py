from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fulian.indicators"
    label = "indicators"
    verbose_name = "两纲监测"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models

        grant(
            "indicators.view",
            [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR],
        )
        grant("indicators.enter", [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF])
        grant("indicators.define", [Role.ADMIN, Role.COUNTY_STAFF])
        navigation.register("两纲监测", "indicators:values", "indicators.view", 74, group="reports")
        auditlog.register(models.Indicator)
        auditlog.register(models.IndicatorValue)
