"""Helpers shared by the ledgers (activities, aid, care, health, employment): DB-side totals per unit and
per child unit, the "up and down the tree" visibility of records owned by an organising unit, and the copy
of a unit's tree path onto the ledger rows booked on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Substr

from fulian.core import tree
from fulian.core.roles import Role, role_grants
from fulian.core.scoping import Scope, collapse_paths, scope_for, visible


def copy_unit_path(obj: models.Model, fk: str = "village", path_field: str = "village_path") -> None:
    """Keep `obj.<path_field>` a copy of the tree path of the unit `obj.<fk>` (called from the models'
    save()).

    The ledgers copy the path so that scoping and figures() filter one indexed column of their own table
    without a join. The services set both the unit and its path (from a row that already carries the path:
    the person, the pairing, the entrepreneur); this fills the path when a caller set only the unit (the
    admin, another app's test) and follows the unit when it was assigned as an object. Bulk inserts
    bypass save() and set the path themselves.
    """
    unit_id = getattr(obj, f"{fk}_id")
    if unit_id is None:
        return
    if obj._meta.get_field(fk).is_cached(obj):  # type: ignore[union-attr]  # a ForeignKey
        setattr(obj, path_field, getattr(obj, fk).path)
    elif not getattr(obj, path_field):
        setattr(obj, path_field, tree.unit_model().objects.values_list("path", flat=True).get(pk=unit_id))


class PathCopied(models.Model):
    """A ledger row that keeps its unit's tree path copied on every save (`copy_unit_path`): the unit is
    the `village` FK and the copy `village_path` unless `path_source` names others."""

    path_source: tuple[str, str] = ("village", "village_path")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        copy_unit_path(self, *self.path_source)
        super().save(*args, **kwargs)


def path_prefixes(path: str, steplen: int = 4) -> list[str]:
    """Every ancestor path of a materialized path, itself included ("00010002" -> ["0001", "00010002"])."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def up_and_down_q(scope: Scope, capability: str, path_field: str) -> Q:
    """Rows owned by a unit above or below one of the user's grants.

    A county campaign or training must be seen by the village chairs who enter its screenings or trainees;
    rows owned by a sibling town stay invisible. Only for reading: changes use the plain subtree filter.
    """
    if scope.everywhere(capability):
        return Q()
    paths = scope.paths(capability)
    if not paths:
        return Q(pk__in=[])
    ancestors = sorted({a for p in paths for a in path_prefixes(p)})
    q = Q(**{f"{path_field}__in": ancestors})
    for p in paths:
        q |= Q(**{f"{path_field}__startswith": p})
    return q


def staff_paths(scope: Scope, capability: str) -> tuple[str, ...]:
    """The user's grant paths for a capability, leaving out volunteer memberships (which reach only the
    volunteer's own records, never a whole village)."""
    return collapse_paths(
        m.unit.path
        for m in scope.memberships
        if m.role != Role.VOLUNTEER and role_grants(m.role, capability) and m.unit.active_until is None
    )


def paths_q(paths, path_field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{path_field}__startswith": p})
    return q


def covers(user, capability: str, unit) -> bool:
    """Whether one of the user's (non-volunteer) grants covers the whole unit: then every row under it is
    visible to her, and a total over the unit needs no filter of the policy's own."""
    scope = scope_for(user)
    return scope.everywhere(capability) or any(
        unit.path.startswith(p) for p in staff_paths(scope, capability)
    )


def subtree_rows(user, model, capability: str, unit) -> models.QuerySet:
    """The rows the user may see, for totals over `unit`'s subtree.

    When one of her (non-volunteer) grants covers the whole unit, every row under it is visible and the
    policy's filter would only repeat the unit's own path filter: it is left out (same rows, one LIKE
    less per row). Otherwise the policy's filter applies as everywhere else.
    """
    if covers(user, capability, unit):
        return model._default_manager.all()
    return visible(user, model, capability)


def unit_totals(
    qs: models.QuerySet,
    *,
    path_field: str,
    unit,
    metrics: Mapping[str, models.Aggregate],
    where: Q | None = None,
    group_by_child: bool = False,
) -> dict:
    """One aggregate query computing every metric of a family for the unit's subtree.

    `where` (the period, usually) is applied after the subtree filter, so that a table scan tests the path
    first: on SQLite, which evaluates the terms in order, a town's rows are picked out by the path and
    most rows of the county table stop there (about 1.5 × faster than testing the dates first).

    Without grouping: {metric_key: value}. With grouping: {child_path: {metric_key: value}}, the child
    found as the prefix of the row's unit path one level below `unit` (Substr on the path, GROUP BY in the
    database). Rows booked on the unit itself are grouped under the unit's own path.
    """
    aliases = {f"m{i}": key for i, key in enumerate(metrics)}
    exprs = {alias: metrics[key] for alias, key in aliases.items()}
    qs = qs.filter(**{f"{path_field}__startswith": unit.path})
    if where is not None:
        qs = qs.filter(where)
    qs = qs.order_by()
    if not group_by_child:
        row = qs.aggregate(**exprs)
        return {aliases[a]: row[a] or 0 for a in aliases}
    width = len(unit.path) + unit.steplen
    rows = qs.annotate(_child=Substr(path_field, 1, width)).values("_child").annotate(**exprs)
    return {r["_child"]: {aliases[a]: r[a] or 0 for a in aliases} for r in rows}


def merge_by_child(unit, families: list[dict], keys: list[str]) -> dict:
    """Merge per-child-path families into {child_unit_id: {metric_key: value}}, zero-filled for every
    child (one query for the children), the unit itself included only when rows were booked on it."""
    children = dict(
        tree.unit_model()
        .objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .values_list("path", "id")
    )
    children_ids = dict(children.items())
    if any(unit.path in fam for fam in families):
        children_ids[unit.path] = unit.id
    result = {pk: dict.fromkeys(keys, 0) for pk in children_ids.values()}
    for fam in families:
        for path, values in fam.items():
            pk = children_ids.get(path)
            if pk is not None:
                result[pk].update(values)
    return result


# --- totals written in SQL ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One aggregate statement over one ledger table, written in SQL: the ledgers whose figures are many
    small families (care, health, employment) count with these, because building and compiling an ORM
    aggregate costs about as much as running it on a town's rows (see docs/decisions/0004).

    `where` and each metric are SQL over the table's columns (alias `t`); `joins` may bring in tables
    the where needs. They name values as %(start)s and %(end)s (the period) or by the keys of `params`;
    they never hold a value of their own, and are constant text written in the selector.
    """

    model: type[models.Model]
    path: str  # the column holding the row's copy of its unit's tree path ("f.unit_path": a joined table's)
    where: str
    metrics: Mapping[str, str]  # metric key -> SQL aggregate
    joins: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    decimals: frozenset[str] = frozenset()  # metric keys that are money (Decimal, to the fen)


_NAMED = re.compile(r"%\((\w+)\)s")


def _positional(sql: str, named: Mapping[str, Any]) -> tuple[str, list]:
    params: list = []

    def take(m: re.Match) -> str:
        params.append(named[m[1]])
        return "%s"

    return _NAMED.sub(take, sql), params


def family_totals(
    user, capability: str, unit, family: Family, *, start, end, group_by_child: bool = False
) -> dict:
    """`unit_totals` for a `Family`: one statement, the same results and the same visibility.

    When one of the user's grants covers the unit the statement needs nothing but the unit's path;
    otherwise the rows are limited to those the scoping policy shows her (its queryset, as a subquery).
    """
    model = family.model
    qn = connection.ops.quote_name
    metrics = list(family.metrics)
    select = ", ".join(f"{family.metrics[k]} AS m{i}" for i, k in enumerate(metrics))
    path = family.path if "." in family.path else f"t.{qn(family.path)}"
    head = ""
    if group_by_child:
        head = f"SUBSTR({path}, 1, {len(unit.path) + unit.steplen:d}) AS child, "
    sql, params = _positional(
        f"SELECT {head}{select} FROM {qn(model._meta.db_table)} t {family.joins} "  # noqa: S608 (no values)
        f"WHERE {path} LIKE %(path)s AND ({family.where})",
        {**family.params, "start": start, "end": end, "path": unit.path + "%"},
    )
    if not covers(user, capability, unit):
        scoped, scoped_params = visible(user, model, capability).values("pk").query.sql_with_params()
        sql += f" AND t.{qn(model._meta.pk.column)} IN ({scoped})"
        params += list(scoped_params)
    if group_by_child:
        sql += " GROUP BY 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    def values(row) -> dict:
        out = {}
        for key, value in zip(metrics, row, strict=True):
            value = value or 0
            if key in family.decimals:
                value = Decimal(str(value)).quantize(Decimal("0.01"))
            out[key] = value
        return out

    if not group_by_child:
        return values(rows[0])
    return {row[0]: values(row[1:]) for row in rows}
