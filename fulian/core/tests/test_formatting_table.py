"""Every formatting function against a hand-worked table (written out by hand from the genre's rules,
not produced by the code): both sides of each switch (1万, 1000, a zero previous year, None/'' /text),
halves rounded up, signs, separators and the places argument."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fulian.core import formatting as f

CASES = [
    # to_money: two places, half up; None is 0
    (f.to_money, (None,), {}, Decimal("0.00")),
    (f.to_money, ("1.005",), {}, Decimal("1.01")),
    (f.to_money, ("1.004",), {}, Decimal("1.00")),
    (f.to_money, (-2.675,), {}, Decimal("-2.68")),
    # money: tables, exact, separators
    (f.money, (None,), {}, "—"),
    (f.money, ("",), {}, "—"),
    (f.money, (0,), {}, "0.00"),
    (f.money, (87000,), {}, "87,000.00"),
    (f.money, (-1234.5,), {}, "-1,234.50"),
    (f.money, ("0.005",), {}, "0.01"),
    # number: at most `places` decimals, half up, separators, text as it is
    (f.number, (None,), {}, "—"),
    (f.number, ("",), {}, "—"),
    (f.number, ("不足5",), {}, "不足5"),
    (f.number, (0,), {}, "0"),
    (f.number, (92722,), {}, "92,722"),
    (f.number, (58.30,), {}, "58.3"),
    (f.number, (Decimal("1000.10"),), {}, "1,000.1"),
    (f.number, (0.005,), {}, "0.01"),
    (f.number, (0.004,), {}, "0"),
    (f.number, (-1234.5,), {}, "-1,234.5"),
    (f.number, (-0.4,), {}, "-0.4"),
    (f.number, (1234567.891,), {}, "1,234,567.89"),
    (f.number, (2.5,), {"places": 0}, "3"),
    (f.number, (2.45,), {"places": 1}, "2.5"),
    (f.number, (2.44,), {"places": 1}, "2.4"),
    # with_measure
    (f.with_measure, (None, "%"), {}, "—"),
    (f.with_measure, ("", "%"), {}, "—"),
    (f.with_measure, (85, "%"), {}, "85%"),
    (f.with_measure, (12, "1/10万"), {}, "12/10万"),
    (f.with_measure, (1234.5, "元"), {}, "1,234.5元"),
    (f.with_measure, ("不足5", "人"), {}, "不足5人"),
    # figure: money to the fen, shares to 0.1, counts to 0.01
    (f.figure, (1234.5, "money"), {}, "1,234.50"),
    (f.figure, (None, "money"), {}, "—"),
    (f.figure, ("不足5", "money"), {}, "不足5"),
    (f.figure, (92.55, "share"), {}, "92.6"),
    (f.figure, (92.54, "share"), {}, "92.5"),
    (f.figure, (92.555, "count"), {}, "92.56"),
    (f.figure, (1234,), {}, "1,234"),
    # change: a sign, nothing when it cannot be computed
    (f.change, (None,), {}, ""),
    (f.change, ("不足5",), {}, ""),
    (f.change, (0,), {}, "0"),
    (f.change, (5,), {}, "+5"),
    (f.change, (-3,), {}, "-3"),
    (f.change, (1163,), {}, "+1,163"),
    (f.change, (0.0, "share"), {}, "0"),
    (f.change, (12.35, "share"), {}, "+12.4"),
    (f.change, (1500.5, "money"), {}, "+1,500.50"),
    (f.change, (-72, "money"), {}, "-72.00"),
    # wan: whole 元 below 1万, 万元 from 1万, half up, zeros dropped
    (f.wan, (87000,), {}, "8.7万元"),
    (f.wan, (10000,), {}, "1万元"),
    (f.wan, (9999.49,), {}, "9999元"),
    (f.wan, (3500,), {}, "3500元"),
    (f.wan, (999.5,), {}, "1000元"),
    (f.wan, (15050,), {}, "1.5万元"),
    (f.wan, (15500,), {}, "1.6万元"),
    (f.wan, (-87000,), {}, "-8.7万元"),
    (f.wan, (123456,), {"places": 2}, "12.35万元"),
    (f.wan, (0,), {}, "0元"),
    # approx: exact below 1000; two significant digits rounded down with 余; 万 from 1万
    (f.approx, (0, "份"), {}, "0份"),
    (f.approx, (999, "份"), {}, "999份"),
    (f.approx, (1000, "份"), {}, "1000份"),
    (f.approx, (1099, "份"), {}, "1000余份"),
    (f.approx, (4123, "份"), {}, "4100余份"),
    (f.approx, (4000, "份"), {}, "4000份"),
    (f.approx, (9999, "份"), {}, "9900余份"),
    (f.approx, (10000, "份"), {}, "1万份"),
    (f.approx, (12345, "份"), {}, "1.2万余份"),
    (f.approx, (50000, "份"), {}, "5万份"),
    (f.approx, (293456, "份"), {}, "29万余份"),
    (f.approx, (1234,), {}, "1200余"),
    # approx_value: the number shown, and whether it is a lower bound
    (f.approx_value, ("29万余份",), {}, (Decimal(290000), True)),
    (f.approx_value, ("8.7万元",), {}, (Decimal(87000), True)),
    (f.approx_value, ("4100余份",), {}, (Decimal(4100), True)),
    (f.approx_value, ("223人",), {}, (Decimal(223), False)),
    (f.approx_value, ("1.5万元",), {}, (Decimal(15000), True)),
    (f.approx_value, ("无",), {}, None),
    (f.approx_value, ("共223人",), {}, None),
    # count: no separators
    (f.count, (3293, "名"), {}, "3293名"),
    (f.count, (12.0, "人"), {}, "12人"),
    # change_text: nothing without a usable previous year
    (f.change_text, (10, None, "人"), {}, ""),
    (f.change_text, (10, "", "人"), {}, ""),
    (f.change_text, (10, "不足5", "人"), {}, ""),
    (f.change_text, ("不足5", 10, "人"), {}, ""),
    (f.change_text, (10, 0, "人"), {}, ""),
    (f.change_text, (10, 10, "人"), {}, "与上年持平"),
    (f.change_text, (13, 12, "人"), {}, "比上年增加1人、增长8.3%"),
    (f.change_text, (9, 12, "场"), {}, "比上年减少3场、下降25%"),
    (f.change_text, (87000, 77000, ""), {"money_value": True}, "比上年增加1万元、增长13%"),
    (f.change_text, (70000, 77000, ""), {"money_value": True}, "比上年减少7000元、下降9.1%"),
    # percent: at most one decimal, half up; an empty whole is —
    (f.percent, (37, 40), {}, "92.5%"),
    (f.percent, (1, 25), {}, "4%"),
    (f.percent, (1, 3), {}, "33.3%"),
    (f.percent, (2, 3), {}, "66.7%"),
    (f.percent, (1, 16), {}, "6.3%"),
    (f.percent, (1, 8), {"places": 0}, "13%"),
    (f.percent, (0, 8), {}, "0%"),
    (f.percent, (1, 0), {}, "—"),
    (f.percent, (1, None), {}, "—"),
    # chinese_ordinal: section numbers
    (f.chinese_ordinal, (1,), {}, "一"),
    (f.chinese_ordinal, (9,), {}, "九"),
    (f.chinese_ordinal, (10,), {}, "十"),
    (f.chinese_ordinal, (11,), {}, "十一"),
    (f.chinese_ordinal, (20,), {}, "二十"),
    (f.chinese_ordinal, (21,), {}, "二十一"),
    (f.chinese_ordinal, (99,), {}, "九十九"),
    # share: a ratio in prose
    (f.share, (0.04,), {}, "4%"),
    (f.share, (0.925,), {}, "92.5%"),
    (f.share, (1,), {}, "100%"),
    (f.share, (0.0005,), {}, "0.1%"),
    (f.share, (0.0004,), {}, "0%"),
    (f.share, (0.12345,), {"places": 2}, "12.35%"),
]


@pytest.mark.parametrize(
    ("fn", "args", "kwargs", "expected"), CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_hand_worked_table(fn, args, kwargs, expected):
    assert fn(*args, **kwargs) == expected


@pytest.mark.parametrize("garbage", ["abc", "", "1,000"])
def test_garbage_money_is_refused_naming_the_value(garbage):
    with pytest.raises(ValueError, match=f"不是有效金额：{garbage}$"):
        f.to_money(garbage)
