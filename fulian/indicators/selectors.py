"""Reads for indicator monitoring: the registry and a unit's yearly table with roll-up and flags."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q

from fulian.core.scoping import scope_for, visible
from fulian.orgs.models import OrgUnit

from .models import Indicator, IndicatorValue, Kind, Source

if TYPE_CHECKING:
    from fulian.accounts.models import User


def indicator_list(*, user: User, plan: str | None = None):
    """Active national indicators plus those defined by units the user belongs to or sees."""
    scope = scope_for(user)
    own = Q(owner__isnull=True) | Q(owner__in=visible(user, OrgUnit, "indicators.view"))
    for p in scope.paths("indicators.view"):
        # indicators defined higher up the tree (e.g. by the county) apply to the towns below it
        own |= Q(owner__path__in=[p[:i] for i in range(4, len(p) + 1, 4)])
    qs = Indicator.objects.filter(own, is_active=True).order_by("plan", "code")
    return qs.filter(plan=plan) if plan else qs


@dataclass
class Row:
    indicator: Indicator
    own: IndicatorValue | None
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    source: str
    previous: Decimal | None
    meets: bool | None


def _effective(indicator: Indicator, unit_path: str, rows: dict, children: dict) -> tuple:
    """(numerator, denominator, value, source) of a unit: its own entry, else the sum of its children's."""
    own = rows.get((indicator.pk, unit_path))
    if own is not None and (own.value is not None or own.numerator is not None):
        return own.numerator, own.denominator, own.value, own.source
    num = den = total = None
    for child_path in children.get(unit_path, ()):
        n, d, v, _ = _effective(indicator, child_path, rows, children)
        if indicator.kind == Kind.RATIO:
            if n is not None and d:
                num, den = (num or 0) + n, (den or 0) + d
        elif v is not None:
            total = (total or 0) + v
    if indicator.kind == Kind.RATIO:
        return num, den, indicator.compute(num, den), Source.ROLLED_UP if num is not None else ""
    return None, None, total, Source.ROLLED_UP if total is not None else ""


def _values_in_subtree(unit: OrgUnit, year: int, indicators) -> tuple[dict, dict]:
    rows = {
        (v.indicator_id, v.unit.path): v
        for v in IndicatorValue.objects.filter(
            year=year, unit__path__startswith=unit.path, indicator__in=indicators
        ).select_related("unit")
    }
    children: dict[str, list[str]] = {}
    for _, path in rows:
        # link every unit with a value to each ancestor up to `unit`, so the tree can be walked down
        step = 4
        cur = path
        while len(cur) > len(unit.path):
            parent = cur[:-step]
            children.setdefault(parent, [])
            if cur not in children[parent]:
                children[parent].append(cur)
            cur = parent
    return rows, children


def indicator_table(
    *, user: User, unit: OrgUnit, year: int, plan: str | None = None, figures=None
) -> list[Row]:
    """Every indicator for the unit and year: its own or rolled-up value, last year's, and the flag.

    Indicators tied to ledger figures (numerator_key/denominator_key) take those from the records when
    nothing was entered. Two queries for the values of this year and last, whatever the tree's size."""
    indicators = list(indicator_list(user=user, plan=plan))
    rows, children = _values_in_subtree(unit, year, indicators)
    prev_rows, prev_children = _values_in_subtree(unit, year - 1, indicators)
    out = []
    for ind in indicators:
        num, den, value, source = _effective(ind, unit.path, rows, children)
        if value is None and (ind.numerator_key or ind.denominator_key) and figures is not None:
            num = figures.get(ind.numerator_key) if ind.numerator_key else None
            den = figures.get(ind.denominator_key) if ind.denominator_key else None
            if num is not None and (ind.kind == Kind.VALUE or den):
                value = ind.compute(num, den)
                source = Source.COMPUTED
        _, _, previous, _ = _effective(ind, unit.path, prev_rows, prev_children)
        out.append(
            Row(
                indicator=ind,
                own=rows.get((ind.pk, unit.path)),
                numerator=num,
                denominator=den,
                value=value,
                source=source,
                previous=previous,
                meets=ind.meets(value),
            )
        )
    return out
