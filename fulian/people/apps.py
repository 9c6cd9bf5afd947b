from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fulian.people"
    label = "people"
    verbose_name = "服务对象"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import navigation

        from . import models

        navigation.register("服务对象", "people:list", "people.view", order=20, group="people")

        # Encrypted fields and their hashes never go into the change history in clear.
        secret = ["id_number", "id_number_hash", "mobile", "mobile_hash", "notes"]
        derived = ["name_pinyin", "name_initials", "name_strokes", "village_path", "updated_at"]
        auditlog.register(models.Person, exclude_fields=secret + derived)
        auditlog.register(models.Category)
        auditlog.register(models.PersonCategory)
        auditlog.register(models.Relation)

        self._register_dashboard()

        from . import lookups

        lookups.register()  # name__startswith as a range on SQLite, id_number_hash__in as = ANY on PostgreSQL

        from fulian.core.crypto import register_rehash

        from .keys import id_number_hashes_recompute, mobile_hashes_recompute

        register_rehash("people.Person", "身份证号哈希", id_number_hashes_recompute)
        register_rehash("people.Person.mobile", "手机号哈希", mobile_hashes_recompute)

        # What the app adds to the statistics and the annual summary (fulian/core/figures.py, summary.py).
        from fulian.core.figures import register_figures
        from fulian.core.summary import register_summary

        from . import figures, selectors, summary

        register_figures(
            self.label,
            selectors.figures,
            meta=summary.FIGURE_META,
            label=summary.figure_label,
            records=figures.records,
        )
        register_summary(self.label, summary.contribute)

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
