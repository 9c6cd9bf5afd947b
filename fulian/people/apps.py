from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fulian.people"
    label = "people"
    verbose_name = "服务对象"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation
        from fulian.core.roles import Role, grant

        from . import models

        # Who works with the registry (DOMAIN.md): town and village federations keep it; the county sees
        # it for aggregates; committee members look people up for their visits. Assessors, case workers
        # and volunteers reach people only through their own modules' rules.
        grant(
            "people.view",
            [
                Role.ADMIN,
                Role.COUNTY_STAFF,
                Role.TOWN_CHAIR,
                Role.TOWN_STAFF,
                Role.VILLAGE_CHAIR,
                Role.COMMITTEE_MEMBER,
            ],
        )
        grant("people.change", [Role.ADMIN, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR])
        # Full ID numbers, mobiles, minors' addresses and sensitive categories: only those who serve the
        # person directly and must contact or verify her. Each disclosure is logged.
        grant("people.unmask", [Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR])
        # Merging rewrites links across every module: kept at town level.
        grant("people.merge", [Role.ADMIN, Role.TOWN_CHAIR, Role.TOWN_STAFF])

        navigation.register("服务对象", "people:list", "people.view", order=20, group="people")

        # Encrypted fields and their hashes never go into the change history in clear.
        secret = ["id_number", "id_number_hash", "mobile", "notes"]
        derived = ["name_pinyin", "name_initials", "name_strokes", "village_path", "updated_at"]
        auditlog.register(models.Person, exclude_fields=secret + derived)
        auditlog.register(models.Category)
        auditlog.register(models.PersonCategory)
        auditlog.register(models.Relation)

        self._register_dashboard()

        from . import lookups

        lookups.register()  # id_number_hash__in as = ANY(array) on PostgreSQL

    def _register_dashboard(self) -> None:
        try:
            from fulian.core.dashboard import count_by_subunit, register_stat
        except ImportError:  # the dashboard module is optional
            return
        from fulian.core.scoping import visible

        from .models import Person

        def people_per_unit(user, units):
            qs = visible(user, Person, "people.view").filter(merged_into__isnull=True)
            return count_by_subunit(qs, "village_path", units)

        register_stat("people", "服务对象", people_per_unit, capability="people.view", order=10)
