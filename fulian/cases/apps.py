from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fulian.cases"
    label = "cases"
    verbose_name = "维权"

    def ready(self) -> None:
        from fulian.core.dashboard import register_feed
        from fulian.core.navigation import register
        from fulian.core.roles import Role, grant

        from . import rules  # noqa: F401  (registers the scope rule for Case)
        from .dashboard import cases_feed

        # Page-level capabilities. Which cases a holder actually reaches is decided per case by
        # `rules.case_rule`: town staff hold `cases.view` only to reach cases opened in an emergency.
        grant("cases.view", [Role.TOWN_CHAIR, Role.CASE_WORKER, Role.TOWN_STAFF])
        grant("cases.create", [Role.TOWN_CHAIR, Role.CASE_WORKER])
        grant("cases.change", [Role.TOWN_CHAIR, Role.CASE_WORKER])
        grant("cases.export", [Role.TOWN_CHAIR, Role.CASE_WORKER])
        grant("cases.assign", [Role.TOWN_CHAIR])
        grant("cases.break_glass", [Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.CASE_WORKER])
        # Counts only (suppressed at village level); county staff never see a case itself.
        grant("cases.stats", [Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF])

        register("维权", "cases:list", "cases.view", order=60, group="rights")
        register(
            "维权统计", "cases:stats", "cases.stats", order=61, group="rights"
        )  # the county's only view of cases
        register_feed(cases_feed)
        # Deliberately NOT registered with django-auditlog: its rows would hold the plaintext of the
        # encrypted fields and are shown to auditors above the town. The history is `CaseEvent`.
