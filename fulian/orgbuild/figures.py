"""The records behind each organisation-building figure (fulian/core/traces.py): elections, posts,
trainings, attendance and places, read with the very conditions the figures count (`selectors.families`)."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Attendance, CadreTraining, Election, Place, PostRecord

VIEW = selectors.VIEW
UNMASK = "people.unmask"

_COLUMNS = {
    Election: (
        Column("名称", lambda e: e.title),
        Column("类型", lambda e: e.get_kind_display()),
        Column("新一届名单生效", lambda e: e.applied_on),
    ),
    PostRecord: (
        person("姓名", lambda r: r.member.name, unmask=UNMASK, path="unit_path"),
        Column("职务", lambda r: r.member.get_position_display()),
        Column("任职日期", lambda r: r.member.term_start),
        Column("产生方式", lambda r: r.get_how_display()),
    ),
    CadreTraining: (
        Column("名称", lambda t: t.title),
        Column("形式", lambda t: t.get_kind_display()),
        Column("开始日期", lambda t: t.started_on),
        Column("学时", lambda t: t.hours),
    ),
    Attendance: (
        person("姓名", lambda a: a.member.name, unmask=UNMASK, path="unit_path"),
        Column("培训", lambda a: a.training.title),
        Column("开始日期", lambda a: a.training.started_on),
    ),
    Place: (
        Column("名称", lambda p: p.name),
        Column("类别", lambda p: p.get_kind_display()),
        Column("状态", lambda p: p.get_status_display()),
        Column("启用日期", lambda p: p.opened_on),
    ),
}
_TITLES = {Election: "选举", PostRecord: "任职", CadreTraining: "干部培训", Attendance: "参训", Place: "阵地"}
_RELATED = {
    PostRecord: ("member",),
    Attendance: ("member", "training"),
    Election: (),
    CadreTraining: (),
    Place: (),
}


def _url(model):
    if model is Election:
        return lambda e: reverse("orgbuild:detail", args=[e.pk])
    if model is CadreTraining:
        return lambda t: reverse("orgbuild:training", args=[t.pk])
    if model is Attendance:
        return lambda a: reverse("orgbuild:training", args=[a.training_id])
    return None


def records(key: str, *, user, unit, start, end) -> Trace | None:
    for model, where, metrics in selectors.families(start, end):
        aggregate = metrics.get(key)
        if aggregate is None:
            continue
        condition = where & (aggregate.filter or Q())
        rows = (
            subtree_rows(user, model, VIEW, unit)
            .filter(unit_path__startswith=unit.path)
            .filter(condition)
            .select_related(*_RELATED[model])
            .order_by("unit_path", "id")
        )
        measure = "sum:hours" if isinstance(aggregate, Sum) else "count"
        return Trace(key, [Part(_TITLES[model], rows, _COLUMNS[model], measure, _url(model))])
    return None
