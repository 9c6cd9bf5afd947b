from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "fulian.employment"
    label = "employment"
    verbose_name = "创业就业"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models, pickers, rules  # noqa: F401  (rules registers the scope rules)

        staff = [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR]
        grant("employment.view", [*staff, Role.COMMITTEE_MEMBER, Role.ASSESSOR])
        grant("employment.change", staff)
        for model in (
            models.Training,
            models.Trainee,
            models.JobFair,
            models.FairEmployer,
            models.Entrepreneur,
            models.Loan,
        ):
            auditlog.register(model)
        navigation.register("创业就业", "employment:index", "employment.view", order=44, group="ledgers")
        pickers.register()
