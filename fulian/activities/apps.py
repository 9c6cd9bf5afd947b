from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "fulian.activities"
    label = "activities"
    verbose_name = "活动台账"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import STAFF_ROLES, Role, grant
        from fulian.core.scoping import reference_data

        from . import models

        grant("activities.view", STAFF_ROLES)
        grant(
            "activities.change",
            [
                Role.ADMIN,
                Role.COUNTY_STAFF,
                Role.TOWN_CHAIR,
                Role.TOWN_STAFF,
                Role.VILLAGE_CHAIR,
                Role.COMMITTEE_MEMBER,
            ],
        )
        # The managed lists (types, outside bodies, quantity kinds) are shared by the whole county.
        grant("activities.lists", [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF])
        for model in (models.ActivityType, models.OutsideBody, models.QuantityKind):
            reference_data(model)

        auditlog.register(models.Activity, m2m_fields={"co_units", "co_bodies", "participants"})
        auditlog.register(models.ActivityTeam)
        auditlog.register(models.ActivityQuantity)
        auditlog.register(models.ActivityAttachment)
        auditlog.register(models.ActivityType)
        auditlog.register(models.OutsideBody)
        auditlog.register(models.QuantityKind)
        navigation.register("活动台账", "activities:list", "activities.view", 40)
