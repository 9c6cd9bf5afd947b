"""The records behind each honours figure (fulian/core/traces.py): the awards, read with the very
conditions the figures count (`selectors.METRICS`, `selectors.where`)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Award

UNMASK = "people.unmask"

COLUMNS = (
    person("获奖对象", lambda a: a.shown_name, unmask=UNMASK, path="unit_path"),
    Column("称号", lambda a: f"{a.get_level_display()}{a.kind.name}"),
    Column("表彰机关", lambda a: a.awarding_body),
    Column("日期", lambda a: a.awarded_on),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    aggregate = selectors.METRICS.get(key)
    if aggregate is None:
        return None
    rows = (
        subtree_rows(user, Award, selectors.VIEW, unit)
        .filter(unit_path__startswith=unit.path)
        .filter(selectors.where(start, end))
        .select_related("kind")
        .order_by("unit_path", "id")
    )
    if aggregate.filter is not None:
        rows = rows.filter(aggregate.filter)
    return Trace(key, [Part("荣誉", rows, COLUMNS, "count", lambda a: reverse("honours:award", args=[a.pk]))])
