"""Reads of the activity ledger: lists, the calendar, and the figures reports count.

Everything goes through the scoping policy (`visible`) and lets the database count.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from fulian.core.figures import wanted
from fulian.core.ledgers import subtree_rows
from fulian.core.scoping import visible
from fulian.orgs.models import OrgUnit

from .models import Activity, ActivityQuantity, ActivityType, OutsideBody, QuantityKind

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "activities.view"


@dataclass
class ActivityFilters:
    q: str = ""
    type: ActivityType | None = None
    unit: OrgUnit | None = None  # an OrgUnit: the activity's organiser lies in its subtree
    start: datetime.date | None = None
    end: datetime.date | None = None


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Activities the user may see, newest first, filtered; with what a list row shows."""
    f = filters or ActivityFilters()
    qs = visible(user, Activity, VIEW).select_related("type", "unit")
    if f.q:
        qs = qs.filter(title__icontains=f.q) | qs.filter(place__icontains=f.q)
    if f.type is not None:
        qs = qs.filter(type=f.type)
    if f.unit is not None:
        qs = qs.filter(unit_path__startswith=f.unit.path)
    if f.start:
        qs = qs.filter(end_date__gte=f.start)
    if f.end:
        qs = qs.filter(start_date__lte=f.end)
    return qs.order_by("-start_date", "-id")


def activity_detail_queryset(*, user: User) -> QuerySet[Activity]:
    return (
        visible(user, Activity, VIEW)
        .select_related("type", "unit", "created_by")
        .prefetch_related("co_units", "co_bodies", "teams__unit", "quantities__kind", "attachments")
    )


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    activities: list


def activity_calendar(*, user: User, year: int, month: int, unit=None) -> list[list[CalendarDay]]:
    """The month as weeks (Monday first) of days, each with the activities running that day."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    rows = list(
        activity_list(user=user, filters=ActivityFilters(unit=unit, start=grid_start, end=grid_end))
        .order_by("start_date", "id")
        .only("id", "title", "start_date", "end_date", "type__name", "unit__name")
    )
    by_day: dict[datetime.date, list] = defaultdict(list)
    for a in rows:
        day = max(a.start_date, grid_start)
        while day <= min(a.end_date, grid_end):
            by_day[day].append(a)
            day += datetime.timedelta(days=1)
    return [[CalendarDay(d, first <= d <= last, by_day.get(d, [])) for d in week] for week in weeks]


def activity_types() -> QuerySet[ActivityType]:
    """The county's activity types (one list for everyone: reference data), in their own order."""
    return ActivityType.objects.all()


def managed_lists() -> dict[str, QuerySet]:
    """The managed lists of the activity ledger for their page: types, outside bodies, quantity kinds."""
    return {
        "types": ActivityType.objects.all(),
        "bodies": OutsideBody.objects.all(),
        "kinds": QuantityKind.objects.all(),
    }


def period_rows(qs: QuerySet, start, end) -> QuerySet:
    if start:
        qs = qs.filter(start_date__gte=start)
    if end:
        qs = qs.filter(start_date__lte=end)
    return qs


def _children(unit) -> dict[str, int]:
    from fulian.orgs.models import OrgUnit

    return dict(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).values_list("path", "id")
    )


# Per type: activities, and the teams entered in them with their members (the join to teams repeats an
# activity once per team, hence the distinct count).
BY_TYPE = {"c": Count("id", distinct=True), "t": Count("teams"), "m": Sum("teams__members")}


def _add_type(d: dict, row: dict) -> None:
    code = row["type__code"]
    d[f"activities.count.{code}"] = d.get(f"activities.count.{code}", 0) + row["c"]
    if row["t"]:
        for name, value in (
            (f"activities.teams.{code}", row["t"]),
            (f"activities.team_members.{code}", row["m"]),
        ):
            d[name] = d.get(name, 0) + (value or 0)


def counted_rows(
    *, user: User, unit, start=None, end=None
) -> tuple[QuerySet[Activity], QuerySet[ActivityQuantity]]:
    """The activities and their quantities the figures count (the records behind them too): organised in
    the unit's subtree, started in the period, of a kind no specialised ledger records (decision 0005)."""
    # subtree_rows: when a grant covers the whole unit the policy's path filter would only repeat the
    # unit's own one (same rows). Quantities join their activity (as the bare SQL does) rather than
    # testing `activity IN (subquery)`.
    base = period_rows(
        subtree_rows(user, Activity, VIEW, unit).filter(unit_path__startswith=unit.path, type__ledger=""),
        start,
        end,
    )
    qbase = subtree_rows(user, ActivityQuantity, VIEW, unit).filter(
        activity__unit_path__startswith=unit.path, activity__type__ledger=""
    )
    if start:
        qbase = qbase.filter(activity__start_date__gte=start)
    if end:
        qbase = qbase.filter(activity__start_date__lte=end)
    return base, qbase


def figures(*, user: User, unit, start=None, end=None, group_by_child: bool = False, keys=None) -> dict:
    """What the activity ledger counts for a unit's subtree over a period (by start date, inclusive).

    Metric keys:
      activities.count                 number of activities
      activities.participants          participants (the recorded count; at least the linked persons)
      activities.money                 money spent (Decimal, 元)
      activities.count.<type code>     activities of one type (e.g. activities.count.sanba)
      activities.quantity.<kind code>  total of a named quantity (e.g. activities.quantity.eco_bag)
      activities.teams.<type code>     teams entered in activities of one type (运动会, 知识竞赛 …),
      activities.team_members.<type code>  and their members (队员人数); only types with teams

    Activities of a kind a specialised ledger records (`ActivityType.ledger`: trainings, job fairs,
    screenings) are not counted here — that ledger counts them (decision 0005: one fact, one record).

    With group_by_child=True the result is {child_unit_id: {metric: value}}, every direct child present
    (zeros included); activities organised by the unit itself come under the unit's own id. Three
    aggregate queries (plus one for the children) whatever the number of activities or units; only the
    user's visible activities count. With `keys` (fulian/core/figures.collect) naming none of the
    breakdowns, only the first (count, participants, money).
    """
    base, qbase = counted_rows(user=user, unit=unit, start=start, end=end)
    by_type = wanted(keys, "activities.count.", "activities.teams.", "activities.team_members.")
    by_kind = wanted(keys, "activities.quantity.")
    if group_by_child:
        children = _children(unit)
        n = len(unit.path) + type(unit).steplen
        key = Substr("unit_path", 1, n)
        qkey = Substr("activity__unit_path", 1, n)
        result: dict = defaultdict(dict)

        def slot(prefix):
            return children.get(prefix, unit.id)

        for row in (
            base.annotate(k=key)
            .order_by()
            .values("k")
            .annotate(c=Count("id"), p=Coalesce(Sum("participant_count"), 0), m=Sum("money_spent"))
        ):
            d = result[slot(row["k"])]
            d["activities.count"] = d.get("activities.count", 0) + row["c"]
            d["activities.participants"] = d.get("activities.participants", 0) + row["p"]
            d["activities.money"] = d.get("activities.money", 0) + (row["m"] or 0)
        for row in (
            base.annotate(k=key).order_by().values("k", "type__code").annotate(**BY_TYPE) if by_type else ()
        ):
            _add_type(result[slot(row["k"])], row)
        for row in (
            qbase.annotate(k=qkey).order_by().values("k", "kind__code").annotate(s=Sum("amount"))
            if by_kind
            else ()
        ):
            d = result[slot(row["k"])]
            name = f"activities.quantity.{row['kind__code']}"
            d[name] = d.get(name, 0) + row["s"]
        for child_id in [*children.values(), unit.id]:  # every child present, zeros included
            d = result[child_id]
            for name in ("activities.count", "activities.participants", "activities.money"):
                d.setdefault(name, 0)
        return dict(result)

    out: dict = {}
    totals = base.aggregate(c=Count("id"), p=Coalesce(Sum("participant_count"), 0), m=Sum("money_spent"))
    out["activities.count"] = totals["c"]
    out["activities.participants"] = totals["p"]
    out["activities.money"] = totals["m"] or 0
    for row in base.values("type__code").annotate(**BY_TYPE).order_by() if by_type else ():
        _add_type(out, row)
    for row in qbase.values("kind__code").annotate(s=Sum("amount")).order_by() if by_kind else ():
        out[f"activities.quantity.{row['kind__code']}"] = row["s"]
    return out
