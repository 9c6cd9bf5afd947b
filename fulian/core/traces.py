"""The records behind a figure: every figure an app registers can be traced to the rows that make it.

An app registers, beside its `figures()`, a function that answers "which records make this figure":

    register_figures(self.label, selectors.figures, meta=..., records=figures.records)

    def records(key, *, user, unit, start, end) -> Trace | None

A `Trace` is one or more `Part`s, each a queryset of rows already scoped for the user (through
`scoping.visible`, as the figure is), filtered to the unit's subtree, the period and the figure's own
condition, with how the part adds up to the figure (`count` of rows, `sum` of a column, `distinct` values
of a column) and the columns a list of them shows. The figure equals the sum of its parts' totals (a test
walks every figure of the demo and checks it), plus `hidden`: rows counted by the figure that this reader
may not open (rights cases she is not assigned to), said on the page and never listed.

Names of people are shown through `person()`: masked (张*丽) unless the app's unmask capability holds on
the row's own unit (the disclosure rule, `core/disclosure.py`); what was shown in full is logged.
Nothing here counts records itself: the apps build their parts from the same filters as their figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, QuerySet, Sum

from .disclosure import Disclosure
from .masking import mask_name
from .models import AccessLog


@dataclass(frozen=True)
class Column:
    """A column of a records list: its heading and how a row gives its text."""

    label: str
    value: Callable[[object], object]
    person: str = ""  # "<capability>:<path attribute>": a name masked unless the capability holds there


def person(label: str, value: Callable[[object], object], *, unmask: str, path: str) -> Column:
    """A column naming a person: masked unless `unmask` holds on the row's unit (`path`: the row's
    attribute holding its unit's tree path, e.g. "village_path")."""
    return Column(label, value, person=f"{unmask}:{path}")


@dataclass(frozen=True)
class Part:
    """Rows behind (a part of) a figure. `measure` is "count" (the rows), "sum:<field>" (a column's
    total), "distinct:<field>" (distinct values of a column, e.g. persons paid) or "avg:<field>" (a mean
    to one decimal, e.g. days to close)."""

    title: str
    rows: QuerySet
    columns: Sequence[Column]
    measure: str = "count"
    url: Callable[[object], str | None] | None = None  # the record's own page

    def total(self):
        kind, _, column = self.measure.partition(":")
        qs = self.rows.order_by()
        if kind == "sum":
            return qs.aggregate(s=Sum(column))["s"] or 0
        if kind == "avg":
            avg = qs.aggregate(a=Avg(column))["a"]
            return None if avg is None else round(float(avg), 1)
        if kind == "distinct":
            return qs.aggregate(c=Count(column, distinct=True))["c"]
        return qs.count()


@dataclass
class Trace:
    key: str
    parts: list[Part] = field(default_factory=list)
    hidden: int = 0  # rows the figure counts that this reader may not open
    note: str = ""

    def total(self):
        """What the listed rows add up to, with the hidden ones: equal to the figure. A mean is given
        only when every row it averages is listed (None otherwise)."""
        if any(p.measure.startswith("avg:") for p in self.parts):
            return self.parts[0].total() if len(self.parts) == 1 and not self.hidden else None
        total = sum((p.total() for p in self.parts), 0)
        return total + self.hidden

    def measure_note(self) -> str:
        kinds = {p.measure.partition(":")[0] for p in self.parts}
        if kinds == {"sum"}:
            return "数字为下列记录中该列之和"
        if kinds == {"distinct"}:
            return "数字为下列记录涉及的不同人数"
        if kinds == {"avg"}:
            return "数字为下列记录该列的平均值"
        return ""


RecordsFn = Callable[..., "Trace | None"]


def rows_shown(trace: Trace, *, user, limit: int | None = None, offset: int = 0) -> list[dict]:
    """The trace's rows as the page and the API give them: {part, cells, url}, names masked by the
    disclosure rule and what was shown in full logged (one entry per unit, `core/disclosure.py`)."""
    out: list[dict] = []
    disclosures: dict[str, Disclosure] = {}
    skip = offset
    for part in trace.parts:
        if limit is not None and len(out) >= limit:
            break
        if skip:
            n = part.rows.count()
            if n <= skip:  # this part lies wholly before the page
                skip -= n
                continue
        rows = part.rows
        if limit is not None:
            rows = rows[skip : skip + (limit - len(out))]
        elif skip:
            rows = rows[skip:]
        skip = 0
        for row in rows:
            cells = []
            for col in part.columns:
                value = col.value(row)
                if col.person:
                    cap, _, path_attr = col.person.partition(":")
                    d = disclosures.setdefault(cap, Disclosure(user, cap))
                    if not d.allows(_attr(row, path_attr), key=row.pk):
                        value = mask_name(str(value or ""))
                cells.append(_text(value))
            out.append({"part": part.title, "cells": cells, "url": part.url(row) if part.url else None})
    for cap, d in disclosures.items():
        if d.count_shown:
            d.log(
                action=AccessLog.Action.VIEW, target_type=cap, target_label="数字来源记录", detail=trace.key
            )
    return out


def count_rows(trace: Trace) -> int:
    return sum(p.rows.count() for p in trace.parts)


def _attr(obj, dotted: str):
    for name in dotted.split("."):
        obj = getattr(obj, name, None)
    return obj


def _text(value) -> str:
    from .formatting import money

    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return money(value)
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d}"
    return str(value)
