from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "fulian.assessment"
    label = "assessment"
    verbose_name = "村级考核"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models, rules  # noqa: F401  (rules registers the sheet scope rule)

        town_up = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF]
        grant("assessment.view", [*town_up, Role.VILLAGE_CHAIR, Role.ASSESSOR])
        grant("assessment.manage", town_up)
        grant("assessment.self_score", [*town_up, Role.VILLAGE_CHAIR])
        grant("assessment.score", [*town_up, Role.ASSESSOR])

        for m in (
            models.Rubric,
            models.Category,
            models.Item,
            models.Assessment,
            models.Sheet,
            models.Score,
            models.CrossCheck,
            models.CrossCheckPair,
            models.Draw,
            models.Evidence,
            models.ZoneMeeting,
            models.Appeal,
        ):
            auditlog.register(m)
        auditlog.register(models.InspectionGroup, m2m_fields={"members", "items", "villages"})
        navigation.register("村级考核", "assessment:list", "assessment.view", 60, group="assessment")
