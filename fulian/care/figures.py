"""The records behind each care figure (fulian/core/traces.py): volunteers, pairings and visits, from the
same conditions as the SQL of `selectors.FAMILIES`."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors, summary
from .models import Pairing, Visit, Volunteer

CAP = "care.view"
UNMASK = "people.unmask"

FIGURE_META = summary.FIGURE_META | {
    "care.volunteers.caring_mother": ("爱心妈妈", "名", "count"),
    "care.volunteers.women_volunteer": ("巾帼志愿者", "名", "count"),
}

VOLUNTEER_COLUMNS = (
    person("姓名", lambda v: v.person.name, unmask=UNMASK, path="village_path"),
    Column("类别", lambda v: v.get_kind_display()),
    Column("村(社区)", lambda v: v.village.name),
    Column("登记日期", lambda v: v.registered_on),
    Column("退出日期", lambda v: v.left_on),
)
PAIRING_COLUMNS = (
    person("志愿者", lambda p: p.volunteer.person.name, unmask=UNMASK, path="village_path"),
    person("儿童", lambda p: p.child.name, unmask=UNMASK, path="village_path"),
    Column("村(社区)", lambda p: p.village.name),
    Column("结对日期", lambda p: p.started_on),
    Column("结束日期", lambda p: p.ended_on),
)
VISIT_COLUMNS = (
    Column("走访日期", lambda v: v.visited_on),
    person("儿童", lambda v: v.pairing.child.name, unmask=UNMASK, path="village_path"),
    Column("村(社区)", lambda v: v.village.name),
    Column("方式", lambda v: v.get_kind_display()),
)
GATHERING_COLUMNS = (
    Column("日期", lambda v: v.visited_on),
    person("志愿者", lambda v: v.pairing.volunteer.person.name, unmask=UNMASK, path="village_path"),
    person("儿童", lambda v: v.pairing.child.name, unmask=UNMASK, path="village_path"),
    Column("村(社区)", lambda v: v.village.name),
)


def parse_gathering(key: str):
    """(village id, day, 'children' | 'volunteers') of a gathering's key, else None."""
    parts = key.split(".")
    if len(parts) != 5 or parts[:2] != ["care", "gathering"] or parts[4] not in ("children", "volunteers"):
        return None
    try:
        return int(parts[2]), datetime.datetime.strptime(parts[3], "%Y%m%d").date(), parts[4]
    except ValueError:
        return None


def figure_label(key: str):
    """Labels of a gathering's figures: 青龙村6月1日集体关爱活动参加儿童."""
    from fulian.orgs.models import OrgUnit

    found = parse_gathering(key)
    if found is None:
        return None
    village = OrgUnit.objects.filter(pk=found[0]).first()
    if village is None:
        return None
    who = "儿童" if found[2] == "children" else "志愿者"
    return (f"{village.name}{found[1].month}月{found[1].day}日集体关爱活动参加{who}", "名", "count")


def _rows(user, model, unit):
    return subtree_rows(user, model, CAP, unit).filter(village_path__startswith=unit.path)


def _pairing_url(p) -> str:
    return reverse("care:pairing_detail", args=[p.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key.startswith("care.volunteers"):
        rows = _rows(user, Volunteer, unit).filter(registered_on__lte=end)
        rows = rows.filter(Q(left_on__isnull=True) | Q(left_on__gte=start)).select_related(
            "person", "village"
        )
        kind = key.removeprefix("care.volunteers").lstrip(".")
        if kind:
            rows = rows.filter(kind=kind)
        return Trace(key, [Part("志愿者", rows.order_by("village_path", "id"), VOLUNTEER_COLUMNS)])
    if key.startswith("care.pairings") or key == "care.children":
        rows = _rows(user, Pairing, unit).filter(started_on__lte=end)
        rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        rows = rows.select_related("volunteer__person", "child", "village").order_by("started_on", "id")
        which = {
            "care.pairings.active": (rows, "count"),
            "care.pairings.new": (rows.filter(started_on__gte=start), "count"),
            "care.pairings.ended": (rows.filter(ended_on__lte=end), "count"),
            "care.pairings.overdue": (rows.filter(ended_on__isnull=True, next_visit_due__lt=end), "count"),
            "care.children": (rows, "distinct:child"),
        }.get(key)
        if which is None:
            return None
        return Trace(key, [Part("结对", which[0], PAIRING_COLUMNS, which[1], _pairing_url)])
    gathering = parse_gathering(key)
    if gathering is not None:
        village_id, day, what = gathering
        rows = selectors.gathering_rows(user, unit, day, day).filter(village_id=village_id)
        if not (start <= day <= end) or rows.values("pairing__child").distinct().count() < (
            selectors.GATHERING_MIN_CHILDREN
        ):
            rows = rows.none()  # no gathering of the period (too few children: not counted as one)
        rows = rows.select_related("pairing__volunteer__person", "pairing__child", "village")
        measure = "distinct:pairing__child" if what == "children" else "distinct:pairing__volunteer"
        part = Part(
            "集体活动走访", rows.order_by("id"), GATHERING_COLUMNS, measure, lambda v: _pairing_url(v.pairing)
        )
        return Trace(key, [part])
    if key.startswith("care.visits"):
        rows = _rows(user, Visit, unit).filter(visited_on__gte=start, visited_on__lte=end)
        rows = rows.select_related("pairing__child", "village").order_by("visited_on", "id")
        condition = {
            "care.visits": Q(),
            "care.visits.home": Q(kind=Visit.Kind.HOME),
            "care.visits.with_needs": ~Q(needs_found=""),
            "care.visits.needs_solved": ~Q(needs_found="") & Q(need_solved=True),
        }.get(key)
        if condition is None:
            return None
        return Trace(
            key, [Part("走访", rows.filter(condition), VISIT_COLUMNS, url=lambda v: _pairing_url(v.pairing))]
        )
    return None
