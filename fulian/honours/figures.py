"""Honours' figures and the records behind each (fulian/core/traces.py): the awards, read with the very
conditions the figures count (`selectors.METRICS`, `selectors.where`), and the steps of 创建
(`selectors_creation`)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors, selectors_creation
from .models import Award, CreationStep

UNMASK = "people.unmask"

COLUMNS = (
    person("获奖对象", lambda a: a.shown_name, unmask=UNMASK, path="unit_path"),
    Column("称号", lambda a: f"{a.get_level_display()}{a.kind.name}"),
    Column("表彰机关", lambda a: a.awarding_body),
    Column("日期", lambda a: a.awarded_on),
)


def figures(*, user, unit, start, end, group_by_child: bool = False) -> dict:
    """The awards' figures and the creations' (one source for the app, fulian/core/figures.py)."""
    awards = selectors.figures(user=user, unit=unit, start=start, end=end, group_by_child=group_by_child)
    steps = selectors_creation.figures(
        user=user, unit=unit, start=start, end=end, group_by_child=group_by_child
    )
    if not group_by_child:
        return {**awards, **steps}
    zero = dict.fromkeys(selectors.METRIC_KEYS + selectors_creation.METRIC_KEYS, 0)
    merged: dict = {}
    for family in (awards, steps):
        for child, values in family.items():
            merged.setdefault(child, dict(zero)).update(values)
    return merged


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key in selectors_creation.STEP_OF:
        return creation_records(key, user=user, unit=unit, start=start, end=end)
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


CREATION_COLUMNS = (
    person("创建单位", lambda s: s.creation.shown_name, unmask="people.unmask", path="creation.unit_path"),
    Column("称号", lambda s: f"{s.creation.get_level_display()}{s.creation.kind.name}"),
    Column("环节", lambda s: s.get_step_display()),
    Column("日期", lambda s: s.on),
)


def creation_records(key: str, *, user, unit, start, end) -> Trace:
    step = selectors_creation.STEP_OF[key]
    rows = (
        subtree_rows(user, CreationStep, selectors.VIEW, unit)
        .filter(creation__unit_path__startswith=unit.path, step=step)
        .filter(selectors_creation.where(start, end))
        .select_related("creation__kind")
        .order_by("creation__unit_path", "creation_id", "id")
    )
    return Trace(
        key,
        [
            Part(
                "创建",
                rows,
                CREATION_COLUMNS,
                "count",
                lambda s: reverse("honours:creation", args=[s.creation_id]),
            )
        ],
    )
