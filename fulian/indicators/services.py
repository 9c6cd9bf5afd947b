"""Writes for indicator monitoring: define an indicator, enter a yearly value."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from fulian.core.scoping import require

from .models import Indicator, IndicatorValue, Kind, Source

if TYPE_CHECKING:
    from fulian.accounts.models import User


@transaction.atomic
def indicator_save(*, user: User, indicator: Indicator) -> Indicator:
    """Define or edit an indicator. A unit's own indicators are owned by that unit."""
    if indicator.owner is None and not getattr(user, "is_superuser", False):
        raise ValidationError({"owner": "请选择自定义指标所属的单位"})
    if indicator.owner is not None:
        require(user, "indicators.define", indicator.owner)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_value_save(
    *,
    user: User,
    indicator: Indicator,
    unit,
    year: int,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    value: Decimal | None = None,
    note: str = "",
) -> IndicatorValue:
    """Enter (or correct) a unit's value for a year; ratio indicators compute the value themselves."""
    require(user, "indicators.enter", unit)
    row = IndicatorValue.objects.filter(indicator=indicator, unit=unit, year=year).first() or IndicatorValue(
        indicator=indicator, unit=unit, year=year
    )
    row.numerator, row.denominator, row.note = numerator, denominator, note
    row.value = indicator.compute(numerator, denominator) if indicator.kind == Kind.RATIO else value
    row.source = Source.ENTERED
    row.entered_by = user
    row.full_clean()
    row.save()
    return row
