"""The row builder on its own: which cells count as blank, what reaches a parser, what is reported."""

from __future__ import annotations

from datetime import date

from fulian.core.spreadsheets.engine import build_row, row_plan
from fulian.core.spreadsheets.parsers import parse_int
from fulian.core.spreadsheets.spec import CellError, Column, ImportContext, ImportSpec


def _upper(value, ctx):
    text = str(value).strip()
    if text == "bad":
        raise CellError("不认识「bad」")
    return text.upper()


class Spec(ImportSpec):
    columns = [
        Column("name", "姓名", required=True),
        Column("count", "人数", parse=parse_int(0, 100)),
        Column("code", "代码", parse=_upper),
        Column("note", "备注"),
        Column("absent", "不在表中", required=True),
    ]


CTX = ImportContext(user=None, unit=None, capability="", today=date(2026, 12, 2))
# The sheet has the first four columns, in another order; 不在表中 is missing from it.
PLAN = row_plan(Spec(), {"note": 0, "name": 1, "count": 2, "code": 3})


def test_text_is_stripped_and_numbers_reach_their_parser():
    row = build_row(PLAN, 5, ["  说明 ", " 张丽 ", 12.0, "ab"], CTX)
    assert row.number == 5
    assert row.values == {"name": "张丽", "count": 12, "code": "AB", "note": "说明", "absent": None}
    assert row.raw["count"] == 12.0
    assert row.errors == [("不在表中", "必填项未填写，请填写该列")]


def test_a_zero_is_a_value_not_a_blank_cell():
    row = build_row(PLAN, 2, ["", "张丽", 0, 0], CTX)
    assert row.values["count"] == 0
    assert row.values["code"] == "0"
    assert row.values["note"] is None


def test_blank_and_missing_cells_and_parser_errors_are_reported_by_column():
    row = build_row(PLAN, 7, [None, "   ", 101, "bad"], CTX)  # a short row: no 5th cell at all
    assert row.values == {"name": None, "count": None, "code": None, "note": None, "absent": None}
    assert row.errors == [
        ("姓名", "必填项未填写，请填写该列"),
        ("人数", "101 超出范围，应在 0–100 之间，请改正"),
        ("代码", "不认识「bad」"),
        ("不在表中", "必填项未填写，请填写该列"),
    ]
    short = build_row(PLAN, 8, ["备注"], CTX)
    assert short.values == {"name": None, "count": None, "code": None, "note": "备注", "absent": None}
