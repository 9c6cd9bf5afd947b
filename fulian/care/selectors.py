"""Reads of the pairing ledger, always through the scoping policy."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible

from .models import Pairing, Visit, Volunteer


def volunteer_list_visible_to(*, user, active_only: bool = False) -> QuerySet[Volunteer]:
    """Volunteers the user may see, with person, village and account loaded."""
    qs = visible(user, Volunteer, "care.view").select_related("person", "village", "user")
    if active_only:
        qs = qs.filter(left_on__isnull=True)
    return qs.annotate(active_pairings=Count("pairings", filter=Q(pairings__ended_on__isnull=True))).order_by(
        "village__path", "id"
    )


def pairing_list_visible_to(*, user, filters: dict | None = None) -> QuerySet[Pairing]:
    """Pairings the user may see (a volunteer: her own), newest first."""
    filters = filters or {}
    qs = visible(user, Pairing, "care.view").select_related("volunteer__person", "child", "village")
    status = filters.get("status")
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif status == "overdue":
        qs = qs.filter(ended_on__isnull=True, next_visit_due__lt=datetime.date.today())
    if filters.get("village"):
        qs = qs.filter(village_id=filters["village"])
    return qs.order_by("ended_on", "next_visit_due", "-id")


def pairing_history(*, user, pairing: Pairing) -> QuerySet[Pairing]:
    """Every pairing of the same child the user may see, oldest first (re-pairings keep the history)."""
    return (
        visible(user, Pairing, "care.view")
        .filter(child_id=pairing.child_id)
        .select_related("volunteer__person")
        .order_by("started_on", "id")
    )


def visit_list_visible_to(*, user, pairing: Pairing | None = None) -> QuerySet[Visit]:
    qs = visible(user, Visit, "care.view").select_related("pairing__child", "recorded_by")
    if pairing is not None:
        qs = qs.filter(pairing=pairing)
    return qs.order_by("-visited_on", "-id")


def overdue_pairings(*, user, today: datetime.date | None = None) -> QuerySet[Pairing]:
    """Active pairings whose next visit is past due: the volunteer's and the chair's home-page warning."""
    today = today or datetime.date.today()
    return pairing_list_visible_to(user=user).filter(ended_on__isnull=True, next_visit_due__lt=today)


METRIC_KEYS = [
    "care.volunteers",
    "care.pairings.active",
    "care.pairings.new",
    "care.pairings.ended",
    "care.children",
    "care.visits",
    "care.visits.home",
    "care.visits.with_needs",
]


def figures(*, user, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False) -> dict:
    """The pairing ledger's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - care.volunteers: volunteers registered by `end` and not left before `start`;
    - care.pairings.active: pairings running at some time in the period; care.pairings.new: started in it;
      care.pairings.ended: ended in it; care.children: distinct children in running pairings;
    - care.visits: visits in the period; care.visits.home: of them 上门; care.visits.with_needs: visits
      that found a need.
    Units are those of the child (pairings, visits) and of the volunteer (volunteers). Three queries
    (one per family, each over its table's own copy of the village path, no join), plus one for the
    children when `group_by_child` is set; the result is then {child_unit_id: {metric_key: value}}.
    """
    running = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    families = [
        unit_totals(
            subtree_rows(user, Volunteer, "care.view", unit),
            path_field="village_path",
            where=Q(registered_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start)),
            unit=unit,
            metrics={"care.volunteers": Count("id")},
            group_by_child=group_by_child,
        ),
        unit_totals(
            subtree_rows(user, Pairing, "care.view", unit),
            path_field="village_path",
            where=running,
            unit=unit,
            metrics={
                "care.pairings.active": Count("id"),
                "care.pairings.new": Count("id", filter=Q(started_on__gte=start)),
                "care.pairings.ended": Count("id", filter=Q(ended_on__lte=end)),
                "care.children": Count("child_id", distinct=True),
            },
            group_by_child=group_by_child,
        ),
        unit_totals(
            subtree_rows(user, Visit, "care.view", unit),
            path_field="village_path",
            where=Q(visited_on__range=(start, end)),
            unit=unit,
            metrics={
                "care.visits": Count("id"),
                "care.visits.home": Count("id", filter=Q(kind=Visit.Kind.HOME)),
                "care.visits.with_needs": Count("id", filter=~Q(needs_found="")),
            },
            group_by_child=group_by_child,
        ),
    ]
    if group_by_child:
        return merge_by_child(unit, families, METRIC_KEYS)
    result: dict = {}
    for fam in families:
        result.update(fam)
    return result
