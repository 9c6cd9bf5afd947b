"""Reads of the pairing ledger, always through the scoping policy."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fulian.core.figures import wanted
from fulian.core.ledgers import Family, family_totals, merge_by_child, subtree_rows
from fulian.core.scoping import visible

from .models import Pairing, Visit, Volunteer

if TYPE_CHECKING:
    from fulian.accounts.models import User


def volunteer_list_visible_to(*, user: User, active_only: bool = False) -> QuerySet[Volunteer]:
    """Volunteers the user may see, with person, village and account loaded."""
    qs = visible(user, Volunteer, "care.view").select_related("person", "village", "user")
    if active_only:
        qs = qs.filter(left_on__isnull=True)
    return qs.annotate(active_pairings=Count("pairings", filter=Q(pairings__ended_on__isnull=True))).order_by(
        "village__path", "id"
    )


def pairing_list_visible_to(*, user: User, filters: dict | None = None) -> QuerySet[Pairing]:
    """Pairings the user may see (a volunteer: her own), newest first."""
    filters = filters or {}
    qs = visible(user, Pairing, "care.view").select_related("volunteer__person", "child", "village")
    status = filters.get("status")
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif status == "overdue":
        qs = qs.filter(ended_on__isnull=True, next_visit_due__lt=timezone.localdate())
    if filters.get("village"):
        qs = qs.filter(village_id=filters["village"])
    return qs.order_by("ended_on", "next_visit_due", "-id")


def pairing_history(*, user: User, pairing: Pairing) -> QuerySet[Pairing]:
    """Every pairing of the same child the user may see, oldest first (re-pairings keep the history)."""
    return (
        visible(user, Pairing, "care.view")
        .filter(child_id=pairing.child_id)
        .select_related("volunteer__person")
        .order_by("started_on", "id")
    )


def visit_list_visible_to(*, user: User, pairing: Pairing | None = None) -> QuerySet[Visit]:
    qs = visible(user, Visit, "care.view").select_related("pairing__child", "recorded_by")
    if pairing is not None:
        qs = qs.filter(pairing=pairing)
    return qs.order_by("-visited_on", "-id")


def overdue_pairings(*, user: User, today: datetime.date | None = None) -> QuerySet[Pairing]:
    """Active pairings whose next visit is past due: the volunteer's and the chair's home-page warning."""
    today = today or timezone.localdate()
    return pairing_list_visible_to(user=user).filter(ended_on__isnull=True, next_visit_due__lt=today)


# One statement per table (see fulian.core.ledgers.Family). A pairing "runs" in the period when it started
# by its end and had not ended before its start.
FAMILIES = (
    Family(
        Volunteer,
        path="village_path",
        where="t.registered_on <= %(end)s AND (t.left_on IS NULL OR t.left_on >= %(start)s)",
        metrics={
            "care.volunteers": "COUNT(*)",
            "care.volunteers.caring_mother": "COUNT(CASE WHEN t.kind = %(mother)s THEN 1 END)",
            "care.volunteers.women_volunteer": "COUNT(CASE WHEN t.kind = %(women)s THEN 1 END)",
        },
        params={"mother": Volunteer.Kind.CARING_MOTHER.value, "women": Volunteer.Kind.WOMEN_VOLUNTEER.value},
    ),
    Family(
        Pairing,
        path="village_path",
        where="t.started_on <= %(end)s AND (t.ended_on IS NULL OR t.ended_on >= %(start)s)",
        metrics={
            "care.pairings.active": "COUNT(*)",
            "care.pairings.new": "COUNT(CASE WHEN t.started_on >= %(start)s THEN 1 END)",
            "care.pairings.ended": "COUNT(CASE WHEN t.ended_on <= %(end)s THEN 1 END)",
            "care.children": "COUNT(DISTINCT t.child_id)",
            "care.pairings.overdue": (
                "COUNT(CASE WHEN t.ended_on IS NULL AND t.next_visit_due < %(end)s THEN 1 END)"
            ),
        },
    ),
    Family(
        Visit,
        path="village_path",
        where="t.visited_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "care.visits": "COUNT(*)",
            "care.visits.home": "COUNT(CASE WHEN t.kind = %(home)s THEN 1 END)",
            "care.visits.with_needs": "COUNT(CASE WHEN t.needs_found <> '' THEN 1 END)",
            "care.visits.needs_solved": "COUNT(CASE WHEN t.needs_found <> '' AND t.need_solved THEN 1 END)",
        },
        params={"home": Visit.Kind.HOME.value},
    ),
)

METRIC_KEYS = [
    "care.volunteers",
    "care.volunteers.caring_mother",
    "care.volunteers.women_volunteer",
    "care.pairings.active",
    "care.pairings.new",
    "care.pairings.ended",
    "care.children",
    "care.pairings.overdue",
    "care.visits",
    "care.visits.home",
    "care.visits.with_needs",
    "care.visits.needs_solved",
]


# A gathering (集体关爱活动): the group visits (集体活动) of one village on one day, when they reach at least
# this many paired children — care's own event, named in the summary (summary.py, docs/reports.md); the
# figures give the GATHERINGS_NAMED largest of the period (the ones the summary names), not every one.
GATHERING_MIN_CHILDREN = 3
GATHERINGS_NAMED = 2


def gathering_key(village_id: int, day: datetime.date, what: str = "children") -> str:
    """care.gathering.<village id>.<yyyymmdd>.children (or .volunteers)."""
    return f"care.gathering.{village_id}.{day:%Y%m%d}.{what}"


def gathering_rows(user: User, unit, start: datetime.date, end: datetime.date) -> QuerySet[Visit]:
    """The group visits of the unit's subtree in the period (the rows behind the gatherings)."""
    return subtree_rows(user, Visit, "care.view", unit).filter(
        village_path__startswith=unit.path,
        visited_on__gte=start,
        visited_on__lte=end,
        kind=Visit.Kind.GROUP,
    )


def gatherings(user: User, unit, start: datetime.date, end: datetime.date) -> dict:
    """{care.gathering.<village>.<day>.children / .volunteers: n} for the GATHERINGS_NAMED largest
    gatherings of the period — the distinct children and volunteers of the group visits of one village on
    one day, when the children number at least GATHERING_MIN_CHILDREN —, the largest first: most children,
    then most volunteers, then the earliest day, then the village's place in the tree. One query."""
    rows = (
        gathering_rows(user, unit, start, end)
        .order_by()
        .values("village_id", "village_path", "visited_on")
        .annotate(
            children=Count("pairing__child", distinct=True),
            volunteers=Count("pairing__volunteer", distinct=True),
        )
        .filter(children__gte=GATHERING_MIN_CHILDREN)
        .order_by("-children", "-volunteers", "visited_on", "village_path")[:GATHERINGS_NAMED]
    )
    out = {}
    for r in rows:
        out[gathering_key(r["village_id"], r["visited_on"])] = r["children"]
        out[gathering_key(r["village_id"], r["visited_on"], "volunteers")] = r["volunteers"]
    return out


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False, keys=None
) -> dict:
    """The pairing ledger's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - care.volunteers: volunteers registered by `end` and not left before `start`;
      care.volunteers.<kind>: of them, 爱心妈妈 (caring_mother) and 巾帼志愿者 (women_volunteer);
    - care.pairings.active: pairings running at some time in the period; care.pairings.new: started in it;
      care.pairings.ended: ended in it; care.children: distinct children in running pairings;
      care.pairings.overdue: running pairings whose next visit was due before the period's end;
    - care.visits: visits in the period; care.visits.home: of them 上门; care.visits.with_needs: visits
      that found a need; care.visits.needs_solved: of those, the needs marked solved;
    - care.gathering.<village id>.<yyyymmdd>.children / .volunteers: the largest gatherings (`gatherings`),
      not given by child (one more query; skipped when `keys`, fulian/core/figures.collect, names none).
    Units are those of the child (pairings, visits) and of the volunteer (volunteers). Three queries
    (one per family, each over its table's own copy of the village path, no join), plus one for the
    children when `group_by_child` is set; the result is then {child_unit_id: {metric_key: value}}.
    """
    families = [
        family_totals(user, "care.view", unit, f, start=start, end=end, group_by_child=group_by_child)
        for f in FAMILIES
    ]
    if group_by_child:
        return merge_by_child(unit, families, METRIC_KEYS)
    result: dict = {}
    for fam in families:
        result.update(fam)
    if wanted(keys, "care.gathering."):
        result.update(gatherings(user, unit, start, end))
    return result
