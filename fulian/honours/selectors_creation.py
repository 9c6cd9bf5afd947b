"""Reads of 创建: the list of units working toward a title, filterable by campaign, kind and status; a
holder's creations (on the unit page); and the figures the reports count from the steps (申报, 命名,
撤销称号 in the period, by the step's date; their records: figures.py)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals, up_and_down_q
from fulian.core.scoping import scope_for, visible

from .capabilities import NOMINATE, VIEW
from .models import Creation, CreationStep, HolderType

if TYPE_CHECKING:
    from fulian.accounts.models import User

Step = CreationStep.Step


def creation_list(
    *,
    user: User,
    campaign: int | None = None,
    kind: int | None = None,
    status: str = "",
    level: int | None = None,
) -> QuerySet[Creation]:
    qs = visible(user, Creation, VIEW).select_related("kind", "supervisor", "campaign", "person", "village")
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if kind:
        qs = qs.filter(kind_id=kind)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("-applied_on", "-id")


def supervisor_units(user: User) -> QuerySet:
    """The units a creation may be declared to: the user's own units (for nominating) and those above
    them (a city names a city-level 示范村), at town level or higher — never a sibling's."""
    from fulian.orgs.models import Level, OrgUnit

    return OrgUnit.objects.filter(up_and_down_q(scope_for(user), NOMINATE, "path"), level__lte=Level.TOWN)


def village_creations(*, user: User, village) -> QuerySet[Creation]:
    """A village's creations (its own, and those of the units and families in it), for its unit page."""
    return creation_list(user=user).filter(holder_type=HolderType.VILLAGE, village=village)


# --- figures -------------------------------------------------------------------------------------

STEP_OF = {
    "honours.creations_applied": Step.APPLY,
    "honours.creations_named": Step.NAME,
    "honours.creations_revoked": Step.REVIEW_FAILED,
}
METRIC_KEYS = list(STEP_OF)
# 申报, 命名 and 撤销称号 happen once in a creation's life (MOVES), so the steps count the creations.
METRICS = {key: Count("id", filter=Q(step=step)) for key, step in STEP_OF.items()}


def where(start: datetime.date, end: datetime.date) -> Q:
    return Q(on__range=(start, end))


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """Creations of holders in the unit's subtree with a step in the period: declared (申报), named
    (命名) and revoked on a failed 复查 (撤销称号)."""
    result = unit_totals(
        subtree_rows(user, CreationStep, VIEW, unit),
        path_field="creation__unit_path",
        unit=unit,
        metrics=METRICS,
        where=where(start, end),
        group_by_child=group_by_child,
    )
    if group_by_child:
        return merge_by_child(unit, [result], METRIC_KEYS)
    return result
