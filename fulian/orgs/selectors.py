"""Reads of the organisation tree for pages: always scoped through the policy, one query per list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from fulian.core.scoping import scope_for, visible
from fulian.core.tree import active_q

from .models import FederationMember, Level, OrgUnit, Position, Zone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

VIEW = "orgs.view"
SEARCH_LIMIT = 50


def unit_top_list(*, user: AbstractUser, include_retired: bool = True) -> QuerySet[OrgUnit]:
    """The user's own top units (where her grants start), in tree order."""
    qs = scope_for(user).units(VIEW)
    return qs if include_retired else qs.filter(active_q())


def unit_children_list(
    *, user: AbstractUser, unit: OrgUnit, include_retired: bool = True
) -> QuerySet[OrgUnit]:
    """A visible unit's direct children in one query; `numchild` carries their own child counts."""
    qs = visible(user, OrgUnit, VIEW).filter(path__startswith=unit.path, depth=unit.depth + 1)
    if not include_retired:
        qs = qs.filter(active_q())
    return qs.select_related("zone").order_by("path")


def unit_search(*, user: AbstractUser, query: str, include_retired: bool = True) -> list[OrgUnit]:
    """Units within scope whose name contains the query or whose division code starts with it."""
    query = query.strip()
    if not query:
        return []
    cond = Q(name__icontains=query)
    if query.isdigit():
        cond |= Q(code__startswith=query)
    qs = visible(user, OrgUnit, VIEW).filter(cond)
    if not include_retired:
        qs = qs.filter(active_q())
    return list(qs.order_by("path")[:SEARCH_LIMIT])


def unit_ancestors_map(*, user: AbstractUser, units: list[OrgUnit]) -> dict[str, list[OrgUnit]]:
    """For each unit (by path), its visible ancestors from the user's top unit down, in one query."""
    wanted: set[str] = set()
    for u in units:
        wanted.update(u.path[: i * OrgUnit.steplen] for i in range(1, u.depth))
    if not wanted:
        return {u.path: [] for u in units}
    found = {a.path: a for a in visible(user, OrgUnit, VIEW).filter(path__in=wanted).only("path", "name")}
    return {
        u.path: [found[p] for i in range(1, u.depth) if (p := u.path[: i * OrgUnit.steplen]) in found]
        for u in units
    }


def unit_breadcrumbs(*, user: AbstractUser, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's visible ancestors, from the user's top unit down (the unit itself excluded)."""
    return unit_ancestors_map(user=user, units=[unit])[unit.path]


@dataclass
class Federation:
    current: dict[str, list[FederationMember]] = field(default_factory=dict)
    past: list[FederationMember] = field(default_factory=list)

    @property
    def current_groups(self) -> list[tuple[str, list[FederationMember]]]:
        """Seats in the order 主席, 副主席, 执委, 妇女代表, whatever their codes sort to."""
        return [(p.label, self.current[p.value]) for p in Position if p.value in self.current]

    @property
    def current_count(self) -> int:
        return sum(len(v) for v in self.current.values())


def federation_for_unit(*, user: AbstractUser, unit: OrgUnit) -> Federation:
    """The unit's federation: current and upcoming terms by position, and past terms (latest first)."""
    today = timezone.localdate()
    fed = Federation()
    members = visible(user, FederationMember, VIEW).filter(unit=unit).order_by("term_start", "id")
    for m in members:
        if m.term_end is not None and m.term_end < today:
            fed.past.append(m)
        else:
            fed.current.setdefault(m.position, []).append(m)
    fed.past.sort(key=lambda m: (m.term_end, m.term_start), reverse=True)
    return fed


def zone_list_for_town(*, user: AbstractUser, town: OrgUnit) -> QuerySet[Zone]:
    """The town's zones with how many villages each holds."""
    return (
        visible(user, Zone, VIEW)
        .filter(town=town)
        .annotate(village_count=Count("villages"))
        .prefetch_related("villages")
        .order_by("name")
    )


def town_villages(*, user: AbstractUser, town: OrgUnit) -> QuerySet[OrgUnit]:
    """The villages (村/社区) of a town within scope, with their zone."""
    return (
        visible(user, OrgUnit, VIEW)
        .filter(path__startswith=town.path, depth=town.depth + 1, level=Level.VILLAGE)
        .select_related("zone")
        .order_by("path")
    )


def units_granting(
    *, user: AbstractUser, capability: str, level: int | None = None, up_to_level: int | None = None
) -> QuerySet[OrgUnit]:
    """The units where the user holds the capability (a grant on a unit covers its subtree), at one
    level or down to one, in tree order: the choices of a "for which unit" field."""
    qs = OrgUnit.objects.filter(scope_for(user).q(capability))
    if level is not None:
        qs = qs.filter(level=level)
    if up_to_level is not None:
        qs = qs.filter(level__lte=up_to_level)
    return qs.order_by("path")


def villages_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The villages (and communities) of a unit's subtree, in tree order."""
    return OrgUnit.objects.filter(path__startswith=unit.path, level=Level.VILLAGE).order_by("path")


def counted_rows(
    *, user: AbstractUser, unit: OrgUnit, end=None
) -> tuple[QuerySet[OrgUnit], QuerySet[FederationMember]]:
    """What the organisation figures count (the records behind them too): the active towns and villages
    on `end`, and the federation seats held on it."""
    on = end or timezone.localdate()
    units = visible(user, OrgUnit, VIEW).filter(
        path__startswith=unit.path, level__in=[Level.TOWN, Level.VILLAGE]
    )
    units = units.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
        Q(active_until__isnull=True) | Q(active_until__gt=on)
    )
    seats = (
        visible(user, FederationMember, VIEW)
        .filter(unit__path__startswith=unit.path, term_start__lte=on)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
    )
    return units, seats


def figures(*, user: AbstractUser, unit: OrgUnit, start=None, end=None, group_by_child: bool = False) -> dict:
    """The organisation as it stood at the end of the period, counted by the database.

    Metric keys:
      orgs.towns / orgs.villages         active 乡镇(街道) and 村(社区) units (each has its federation)
      orgs.seats.<position>              federation seats held on `end` (chair, vice_chair_full,
                                         vice_chair_part, committee, representative)
      orgs.zones                         zones (片区) of the towns
    Two queries (three with `group_by_child`), whatever the size of the tree.
    """
    from django.db.models.functions import Substr

    units, seats = counted_rows(user=user, unit=unit, end=end)
    keys: list[str] = []
    children: dict[str, int] = {}
    if group_by_child:
        n = len(unit.path) + OrgUnit.steplen
        units = units.annotate(k=Substr("path", 1, n))
        seats = seats.annotate(k=Substr("unit__path", 1, n))
        keys = ["k"]
        children = dict(
            OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).values_list("path", "id")
        )
    result: dict = {}

    def slot(row) -> dict:
        if not group_by_child:
            return result.setdefault(None, {})
        return result.setdefault(children.get(row["k"], unit.id), {})

    for row in units.order_by().values(*keys, "level").annotate(c=Count("id")):
        name = "orgs.towns" if row["level"] == Level.TOWN else "orgs.villages"
        slot(row)[name] = slot(row).get(name, 0) + row["c"]
    for row in seats.order_by().values(*keys, "position").annotate(c=Count("id")):
        key = f"orgs.seats.{row['position']}"
        slot(row)[key] = slot(row).get(key, 0) + row["c"]
    if group_by_child:
        return result
    out = result.get(None, {})
    out.setdefault("orgs.towns", 0)
    out.setdefault("orgs.villages", 0)
    return out


def parent_names(units) -> dict[str, str]:
    """For each unit's path, its parent's name, in one query (to tell the many 一组 apart)."""
    parents = {u.path[: -OrgUnit.steplen] for u in units if u.depth > 1}
    found = dict(OrgUnit.objects.filter(path__in=parents).values_list("path", "name"))
    return {u.path: found.get(u.path[: -OrgUnit.steplen], "") for u in units}


def unit_pick_search(*, user: AbstractUser, qs: QuerySet[OrgUnit], q: str) -> QuerySet[OrgUnit]:
    """Units a picker offers, narrowed by what was typed: part of the name, the start of the division
    code, or the name's pinyin or initials (包台 = baotai = bt). The rows are a user's villages (a few
    hundred at most), so pinyin is computed here rather than stored."""
    from fulian.core.pinyin import full_pinyin, initials

    q = q.strip()
    if q.isdigit():
        return qs.filter(code__startswith=q).order_by("path")
    if q.isascii() and q.isalpha():
        q = q.lower()
        keys = [
            pk
            for pk, name in qs.values_list("pk", "name")
            if full_pinyin(name).startswith(q) or initials(name).startswith(q)
        ]
        return qs.filter(pk__in=keys).order_by("path")
    return qs.filter(name__icontains=q).order_by("path")


def with_parent_name(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Each unit with `parent_name`, its parent's name, computed by the database in the same query."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
    return qs.annotate(parent_name=Subquery(OrgUnit.objects.filter(path=parent_path).values("name")[:1]))


def unit_label(unit: OrgUnit) -> str:
    """A unit as a picker or a list of choices shows it: its name and its parent's (一组（青龙村））."""
    parent = getattr(unit, "parent_name", None)
    if parent is None:
        parent = parent_names([unit])[unit.path]
    return f"{unit.name}（{parent}）" if parent else unit.name
