from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "fulian.surveys"
    label = "surveys"
    verbose_name = "问卷调查"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models

        town_up = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF]
        grant("surveys.view", [*town_up, Role.ASSESSOR])
        grant("surveys.manage", town_up)

        auditlog.register(models.Questionnaire)
        auditlog.register(models.Question)
        auditlog.register(models.Link)
        navigation.register("问卷调查", "surveys:list", "surveys.view", 62, group="assessment")
