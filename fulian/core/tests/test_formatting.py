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


def test_money_in_tables_has_separators_and_a_dash_when_empty():
    from fulian.core.formatting import money

    assert money(Decimal("700000")) == "700,000.00"
    assert money(Decimal("0.005")) == "0.01"
    assert money(None) == "—"


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (92722, "count", "92,722"),
        (Decimal("1030500.00"), "money", "1,030,500.00"),
        (Decimal("58.35"), "share", "58.4"),
        (Decimal("40.0"), "count", "40"),
        (None, "count", "—"),
        (None, "money", "—"),
        ("<5", "count", "<5"),
        (Decimal("-72"), "count", "-72"),
    ],
)
def test_figures_read_as_the_statistics_show_them(value, kind, text):
    from fulian.core.formatting import figure

    assert figure(value, kind) == text


def test_year_on_year_changes_carry_their_sign():
    from fulian.core.formatting import change

    assert change(Decimal("1163"), "count") == "+1,163"
    assert change(Decimal("-72"), "count") == "-72"
    assert change(0, "count") == "0"
    assert change(None, "count") == ""
    assert change("<5", "count") == ""


@pytest.mark.parametrize(
    ("value", "measure", "text"),
    [
        (Decimal("12"), "1/10万", "12/10万"),  # not 121/10万
        (Decimal("12.50"), "1/10万", "12.5/10万"),
        (Decimal("1"), "1/10万", "1/10万"),
        (Decimal("85"), "%", "85%"),
        (Decimal("6.5"), "‰", "6.5‰"),
        (None, "%", "—"),
    ],
)
def test_a_value_with_its_measure_reads_right(value, measure, text):
    from fulian.core.formatting import with_measure

    assert with_measure(value, measure) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(9999, "9900余份"), (10000, "1万份"), (12345, "1.2万余份"), (293456, "29万余份"), (290000, "29万份")],
)
def test_approx_writes_large_quantities_in_wan(n, text):
    assert approx(n, "份") == text


@given(st.integers(min_value=0, max_value=10**9))
def test_approx_value_reads_back_a_lower_bound(n):
    from fulian.core.formatting import approx_value

    value, lower = approx_value(approx(n, "份"))
    assert value <= n
    assert lower or value == n


def test_change_text_and_share():
    from fulian.core.formatting import change_text, count, share

    assert change_text(110, 100, "人") == "比上年增加10人、增长10%"
    assert change_text(97, 100, "场") == "比上年减少3场、下降3%"
    assert change_text(5, 5, "人") == "与上年持平"
    assert change_text(5, 0, "人") == ""  # no last year: nothing to compare
    assert change_text(5, None, "人") == ""
    assert (
        change_text(Decimal("97000"), Decimal("87000"), "元", money_value=True)
        == "比上年增加1万元、增长11.5%"
    )
    assert share(Decimal("0.04")) == "4%"
    assert share(Decimal("0.9254")) == "92.5%"
    assert count(3293, "名") == "3293名"
