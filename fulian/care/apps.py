from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "fulian.care"
    label = "care"
    verbose_name = "结对关爱"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)
        from .dashboard import register_dashboard

        staff = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR]
        grant("care.view", [*staff, Role.COMMITTEE_MEMBER, Role.ASSESSOR, Role.VOLUNTEER])
        grant("care.change", staff)
        grant("care.visit", [*staff, Role.COMMITTEE_MEMBER, Role.VOLUNTEER])

        auditlog.register(models.Volunteer)
        auditlog.register(models.Pairing, exclude_fields=["next_visit_due"])
        auditlog.register(models.Visit)
        navigation.register("结对关爱", "care:pairing_list", "care.view", order=40, group="ledgers")
        register_dashboard()
        pickers.register()
