"""The columns every ledger declares the same way, made in one place: the unit a row belongs to, the
unit's tree path copied onto the row (what the scoping policy and the statistics filter on), and who
recorded (reviewed, approved…) the row and when.

    class Visit(models.Model):
        village = unit_link("所在村(社区)")
        village_path = tree_path()
        created_by = user_link("登记人", editable=False)
        created_at = recorded_at()
        updated_at = changed_at()

Each maker returns an ordinary Django field with the same definition a hand-written one had, so moving a
model onto them needs no migration. The two ForeignKey makers are typed `Any`: core may not import the
models they point to, so the type checker reads `row.unit` as untyped rather than as an unknown model."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

UNIT = "orgs.OrgUnit"


def unit_link(verbose_name: str, *, related_name: str = "+", **options: Any) -> Any:
    """The org unit (county, town, village) a row belongs to; PROTECT: a unit with rows stays."""
    return models.ForeignKey(
        UNIT, verbose_name=verbose_name, on_delete=models.PROTECT, related_name=related_name, **options
    )


def tree_path() -> models.CharField:
    """The row's unit's tree path, copied on save so that scoping and statistics filter on this table."""
    return models.CharField(max_length=255, db_index=True, editable=False)


def user_link(verbose_name: str | None = None, **options: Any) -> Any:
    """A user who acted on the row — recorded, reviewed, approved it (null once her account is deleted;
    no reverse accessor on the user)."""
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", **options
    )


def recorded_at(verbose_name: str | None = "登记时间") -> models.DateTimeField:
    """When the row was recorded."""
    return models.DateTimeField(verbose_name, auto_now_add=True)


def changed_at(verbose_name: str | None = "更新时间") -> models.DateTimeField:
    """When the row was last saved."""
    return models.DateTimeField(verbose_name, auto_now=True)


# The table options every model declares the same way, made in one place too:
#
#     Meta = table("走访记录", ordering=["-visited_on", "-id"],
#                  indexes=[path_index("village_path", "visited_on", "care_visit_path_date")])
#
# `table` returns the Meta class Django reads (assigning it to `Meta` is the same as writing the class out).


def table(name: str, *, ordering: list[str] | None = None, **options: Any) -> type:
    """A model's Meta: its Chinese name — singular and plural alike, Chinese has no plural — its default
    order, and any other Meta option as a keyword (indexes, constraints, abstract…)."""
    if ordering is not None:
        options["ordering"] = ordering
    return type("Meta", (), {"verbose_name": name, "verbose_name_plural": name, **options})


def path_index(path_field: str, order_field: str, name: str) -> models.Index:
    """The index of a ledger's scoped lists and statistics: the tree path first (the scoping policy filters
    on its prefix), then the field the list is ordered or counted by (a date, mostly)."""
    return models.Index(fields=[path_field, order_field], name=name)


def unique(*fields: str, name: str, message: str | None = None, **options: Any) -> models.UniqueConstraint:
    """A row appears once per these fields (where `condition` holds, if given); `message` is what the form
    says when a second one is entered."""
    if message is not None:
        options["violation_error_message"] = message
    return models.UniqueConstraint(fields=list(fields), name=name, **options)
