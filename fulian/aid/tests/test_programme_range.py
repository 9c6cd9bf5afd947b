"""A programme's per-person range: the highest amount may equal the lowest but not fall below it; the
refusal names the field 每人最高(元). Both sides of the boundary, and a range left open."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fulian.aid.models import Programme


@pytest.mark.parametrize(
    ("low", "high", "refused"),
    [
        ("100.00", "99.99", True),
        ("100.00", "100.00", False),
        ("100.00", "100.01", False),
        (None, "50.00", False),
        ("100.00", None, False),
    ],
)
def test_the_highest_amount_is_not_below_the_lowest(low, high, refused):
    programme = Programme(
        min_amount=None if low is None else Decimal(low), max_amount=None if high is None else Decimal(high)
    )
    if not refused:
        programme.clean()
        return
    with pytest.raises(ValidationError) as caught:
        programme.clean()
    assert caught.value.message_dict == {"max_amount": ["每人最高金额不能低于最低金额"]}
