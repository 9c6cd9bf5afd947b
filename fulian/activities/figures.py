"""The records behind each activity figure (fulian/core/traces.py): the same rows `selectors.figures`
counts — the user's visible activities organised in the unit's subtree, started in the period."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace

from . import selectors
from .models import ActivityTeam

COLUMNS = (
    Column("开始日期", lambda a: a.start_date),
    Column("活动名称", lambda a: a.title),
    Column("类型", lambda a: a.type.name),
    Column("主办单位", lambda a: a.unit.name),
    Column("地点", lambda a: a.place),
    Column("参加人数", lambda a: a.participant_count),
    Column("经费(元)", lambda a: a.money_spent),
)


def _activity_url(a) -> str:
    return reverse("activities:detail", args=[a.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    rows, quantities = selectors.counted_rows(user=user, unit=unit, start=start, end=end)
    rows = rows.select_related("type", "unit").order_by("start_date", "id")
    measure = {"activities.participants": "sum:participant_count", "activities.money": "sum:money_spent"}
    if key in ("activities.count", *measure):
        return Trace(key, [Part("活动", rows, COLUMNS, measure.get(key, "count"), _activity_url)])
    rest = key.removeprefix("activities.")
    if rest.startswith("count."):
        code = rest.removeprefix("count.")
        return Trace(key, [Part("活动", rows.filter(type__code=code), COLUMNS, "count", _activity_url)])
    if rest.startswith("quantity."):
        code = rest.removeprefix("quantity.")
        quantities = (
            quantities.filter(kind__code=code)
            .select_related("activity__type", "activity__unit", "kind")
            .order_by("activity__start_date", "id")
        )
        columns = (
            Column("开始日期", lambda q: q.activity.start_date),
            Column("活动名称", lambda q: q.activity.title),
            Column("主办单位", lambda q: q.activity.unit.name),
            Column("数量", lambda q: f"{q.amount}{q.kind.unit}"),
        )
        return Trace(
            key, [Part("活动数量", quantities, columns, "sum:amount", lambda q: _activity_url(q.activity))]
        )
    if rest.startswith(("teams.", "team_members.")):
        kind, _, code = rest.partition(".")
        teams = (
            subtree_rows(user, ActivityTeam, selectors.VIEW, unit)
            .filter(activity__in=rows.filter(type__code=code).values("pk"))
            .select_related("activity", "unit")
            .order_by("activity__start_date", "id")
        )
        columns = (
            Column("活动名称", lambda t: t.activity.title),
            Column("队名", lambda t: t.name),
            Column("代表单位", lambda t: t.unit.name if t.unit else ""),
            Column("队员人数", lambda t: t.members),
            Column("成绩/名次", lambda t: t.result),
        )
        measure_of = "count" if kind == "teams" else "sum:members"
        return Trace(key, [Part("参赛队伍", teams, columns, measure_of, lambda t: _activity_url(t.activity))])
    return None


def figure_label(key: str):
    """Labels of the team figures; every other key as the summary module names it."""
    from . import summary
    from .models import ActivityType

    for prefix, label, measure in (
        ("activities.teams.", "参赛队伍", "支"),
        ("activities.team_members.", "参赛队员", "人"),
    ):
        if key.startswith(prefix):
            t = ActivityType.objects.filter(code=key.removeprefix(prefix)).first()
            return (f"{t.name}{label}", measure, "count") if t else None
    return summary.figure_label(key)
