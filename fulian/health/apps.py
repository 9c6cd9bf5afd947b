from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "fulian.health"
    label = "health"
    verbose_name = "健康筛查"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)

        county_town = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF]
        grant("health.view", [*county_town, Role.VILLAGE_CHAIR, Role.ASSESSOR])
        grant("health.change", [*county_town, Role.VILLAGE_CHAIR])
        grant("health.campaign_change", county_town)
        # Results are sensitive health data: only those who organise follow-up and 两癌救助 see them.
        grant("health.results", county_town)

        auditlog.register(models.Hospital)
        auditlog.register(models.Campaign, m2m_fields={"hospitals"})
        # Diagnosis texts stay out of the change history (it would hold them decrypted).
        auditlog.register(models.Screening, exclude_fields=["finding", "treatment_note"])
        auditlog.register(models.ScreeningCount)
        navigation.register("健康筛查", "health:campaign_list", "health.view", order=42, group="ledgers")
        pickers.register()
