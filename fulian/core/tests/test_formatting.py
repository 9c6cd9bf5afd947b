from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian.core.formatting import approx, chinese_ordinal, percent, wan


@pytest.mark.parametrize(
    ("amount", "text"),
    [(Decimal("87000"), "8.7万元"), (Decimal("115000"), "11.5万元"), (Decimal("10000"), "1万元")],
)
def test_wan_writes_money_as_the_summaries_do(amount, text):
    assert wan(amount) == text


@pytest.mark.parametrize(("n", "text"), [(57, "57份"), (4000, "4000份"), (4123, "4100余份"), (170, "170份")])
def test_approx_writes_yu_for_inexact_large_quantities(n, text):
    assert approx(n, "份") == text


@given(st.integers(min_value=0, max_value=10**9))
def test_approx_never_overstates(n):
    digits = "".join(ch for ch in approx(n) if ch.isdigit())
    assert int(digits) <= n


def test_percent_and_ordinals():
    assert percent(37, 40) == "92.5%"
    assert percent(1, 0) == "—"
    ordinals = [chinese_ordinal(i) for i in (1, 9, 10, 12, 20, 21)]
    assert ordinals == ["一", "九", "十", "十二", "二十", "二十一"]
