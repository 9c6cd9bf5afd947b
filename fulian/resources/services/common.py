"""What the writes of the app share: the date check and the amount check."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone


def not_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


def positive(amount: Decimal | None, field: str, label: str) -> Decimal:
    if amount is None or amount <= 0:
        raise ValidationError({field: f"{label}必须大于0"})
    return Decimal(amount).quantize(Decimal("0.01"))


def text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}"})
    return value
