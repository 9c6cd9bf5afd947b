"""The records behind each rights-protection figure (fulian/core/traces.py).

A case figure counts every case within the reader's `cases.stats` grants; she may open only the cases
she is assigned to (or handles as the chair). So the list shows the counted cases she may open, and the
rest are counted and said ("另有N件…无权查看"), never listed: the list and the hidden count add up to the
figure. The conditions are taken from the figure's own aggregates (`selectors._case_aggregates` …), so
that a list can never count differently from its figure. The average days to close lists the closed
cases it averages (its value is given only when she may open all of them)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.scoping import scope_for, visible
from fulian.core.traces import Column, Part, Trace

from . import selectors
from .models import Case, ProtectionMeasure, Referral

CASE_COLUMNS = (
    Column("编号", lambda c: c.number or ""),
    Column("受理日期", lambda c: c.received_at.date()),
    Column("性质", lambda c: c.get_kind_display()),
    Column("类型", lambda c: c.get_type_display()),
    Column("状态", lambda c: c.get_status_display()),
)
MEASURE_COLUMNS = (
    Column("案件编号", lambda m: m.case.number or ""),
    Column("措施", lambda m: m.get_kind_display()),
)
REFERRAL_COLUMNS = (
    Column("案件编号", lambda r: r.case.number or ""),
    Column("转介日期", lambda r: r.referred_on),
    Column("转介单位", lambda r: r.body.name),
)


def _case_url(c) -> str:
    return reverse("cases:detail", args=[c.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if not key.startswith("cases.") or not scope_for(user).covers("cases.stats", unit.path):
        return None
    name = key.removeprefix("cases.")
    lo, hi = selectors._period(start, end)
    counted = visible(user, Case, "cases.stats").filter(unit_path__startswith=unit.path)
    opened = visible(user, Case, "cases.view").values("pk") if scope_for(user).has("cases.view") else None
    families = (
        (counted, selectors._case_aggregates(lo, hi), "案件", CASE_COLUMNS, "pk", _case_url),
        (
            ProtectionMeasure.objects.filter(case__in=counted.values("pk")).select_related("case"),
            selectors._measure_aggregates(lo, hi, start, end),
            "保护措施",
            MEASURE_COLUMNS,
            "case_id",
            lambda m: _case_url(m.case),
        ),
        (
            Referral.objects.filter(case__in=counted.values("pk")).select_related("case", "body"),
            selectors._referral_aggregates(start, end),
            "转介",
            REFERRAL_COLUMNS,
            "case_id",
            lambda r: _case_url(r.case),
        ),
    )
    for rows, aggregates, title, columns, case_field, url in families:
        aggregate = aggregates.get(name)
        if aggregate is None or aggregate.filter is None:
            continue
        measure = "avg:days_to_close" if name == "days_to_close.avg" else "count"
        rows = rows.filter(aggregate.filter).order_by("pk")
        if opened is None:
            shown, hidden = rows.none(), rows.count()
        else:
            shown = rows.filter(**{f"{case_field}__in": opened})
            hidden = rows.exclude(**{f"{case_field}__in": opened}).count()
        return Trace(key, [Part(title, shown, columns, measure, url)], hidden=hidden)
    return None
