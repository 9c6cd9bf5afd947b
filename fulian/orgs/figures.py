"""The records behind each organisation figure (fulian/core/traces.py): the towns and villages, and the
federation seats, that `selectors.figures` counts (`selectors.counted_rows`)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.traces import Column, Part, Trace

from . import selectors
from .models import Level

UNIT_COLUMNS = (
    Column("名称", lambda u: u.name),
    Column("代码", lambda u: u.code),
    Column("层级", lambda u: u.get_level_display()),
)
SEAT_COLUMNS = (
    Column("单位", lambda m: m.unit.name),
    Column("姓名", lambda m: m.name),
    Column("职务", lambda m: m.get_position_display()),
    Column("任期开始", lambda m: m.term_start),
)


def _unit_url(u) -> str:
    return reverse("orgs:unit", args=[u.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    units, seats = selectors.counted_rows(user=user, unit=unit, end=end)
    if key in ("orgs.towns", "orgs.villages"):
        level = Level.TOWN if key == "orgs.towns" else Level.VILLAGE
        return Trace(
            key, [Part("单位", units.filter(level=level).order_by("path"), UNIT_COLUMNS, url=_unit_url)]
        )
    if key.startswith("orgs.seats."):
        rows = seats.filter(position=key.removeprefix("orgs.seats.")).select_related("unit")
        return Trace(
            key,
            [
                Part(
                    "妇联成员",
                    rows.order_by("unit__path", "id"),
                    SEAT_COLUMNS,
                    url=lambda m: _unit_url(m.unit),
                )
            ],
        )
    return None
