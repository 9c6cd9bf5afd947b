"""Reads for reports: work-plan progress, summaries in scope, statistics tables."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from fulian.core.figures import collect, meta
from fulian.core.formatting import wan
from fulian.core.periods import Period
from fulian.core.scoping import visible

from .models import Comparator, PlanItem, SummaryDraft

if TYPE_CHECKING:
    from fulian.accounts.models import User


def figure_text(key: str, value) -> str:
    """A figure with its measure word, money in 万元 as prose writes it."""
    m = meta(key)
    if value is None:
        return "—"
    if m.kind == "money":
        return wan(value)
    if m.kind == "share":
        return f"{Decimal(str(value)):.1f}%"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return f"{value}{m.unit}"


def plan_progress(*, user: User, unit, year: int, figures: dict | None = None) -> list[dict]:
    """Each plan item of the unit for the year with its live figure and whether it is behind."""
    items = list(visible(user, PlanItem.objects.filter(unit=unit, year=year), "reports.view"))
    if not items:
        return []
    if figures is None:
        figures = collect(user=user, unit=unit, period=Period.year(year))
    rows = []
    for item in items:
        if not item.metric_key:
            rows.append(
                {
                    "item": item,
                    "status": "manual",
                    "actual": None,
                    "actual_text": "—",
                    "target_text": "—",
                    "percent": None,
                }
            )
            continue
        value = figures.get(item.metric_key, 0) or 0
        if isinstance(value, str):  # a suppressed small count ("不足5"): shown as it is, never compared
            rows.append(
                {
                    "item": item,
                    "status": "suppressed",
                    "actual": None,
                    "actual_text": figure_text(item.metric_key, value),
                    "target_text": figure_text(item.metric_key, item.target or Decimal(0)),
                    "percent": None,
                }
            )
            continue
        actual = Decimal(str(value))
        target = item.target or Decimal(0)
        ok = actual >= target if item.comparator == Comparator.AT_LEAST else actual <= target
        pct = int(actual * 100 / target) if target else None
        rows.append(
            {
                "item": item,
                "status": "done" if ok else "behind",
                "actual": actual,
                "actual_text": figure_text(item.metric_key, actual),
                "target_text": figure_text(item.metric_key, target),
                "percent": pct,
            }
        )
    return rows


def summary_list_visible_to(*, user: User):
    return visible(user, SummaryDraft.objects.select_related("unit"), "reports.summary")
