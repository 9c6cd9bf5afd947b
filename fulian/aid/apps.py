from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "fulian.aid"
    label = "aid"
    verbose_name = "帮扶救助"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models, rules  # noqa: F401  (rules registers the programme scope rule)

        town_up = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF]
        grant("aid.view", [*town_up, Role.VILLAGE_CHAIR, Role.ASSESSOR])
        grant("aid.apply", [*town_up, Role.VILLAGE_CHAIR])
        grant("aid.review", town_up)
        grant("aid.approve", [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR])
        grant("aid.approve_county", [Role.ADMIN, Role.COUNTY_STAFF])
        grant("aid.notice", town_up)
        grant("aid.disburse", [*town_up, Role.VILLAGE_CHAIR])
        grant("aid.programme_change", [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR])

        auditlog.register(models.Programme, m2m_fields={"eligible_categories"})
        auditlog.register(models.Application)
        auditlog.register(models.Notice)
        auditlog.register(models.Objection)
        auditlog.register(models.Disbursement)
        auditlog.register(models.DisbursementItem)
        navigation.register("帮扶救助", "aid:programmes", "aid.view", 45, group="ledgers")
