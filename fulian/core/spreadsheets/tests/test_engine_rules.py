"""The import engine's rules on their own, each on both sides of its number: the header search (10 rows),
the preview (20 rows), the error cap, the chunk size, the template's example row, in-file repeats, strict
mode, what reaches the write and what is rolled back. A sheet is a list of (row number, cells); the spec
below records what the engine hands it, so every expectation is written out by hand."""

from __future__ import annotations

import gc
import logging
from datetime import date

import pytest

from fulian.core.spreadsheets.engine import (
    CELL_CRASHED,
    REQUIRED,
    ROW_CRASHED,
    Outcome,
    StrictRejected,
    build_row,
    chunks,
    commit,
    commit_staged,
    error_cap,
    find_header,
    gc_paused,
    row_plan,
    validate,
)
from fulian.core.spreadsheets.fileguard import FORMULA_CELL
from fulian.core.spreadsheets.parsers import parse_text
from fulian.core.spreadsheets.reader import FileProblem
from fulian.core.spreadsheets.spec import Column, ImportContext, ImportSpec, Row
from fulian.orgs.models import Zone

HEADER = ["乡镇", "片区名称", "备注"]
EXAMPLE = ["竹峪镇", "示例片区", ""]
DAY = date(2027, 3, 1)  # the engine reads no date; the context still needs one


def ran(ctx, hook):
    """Each hook and parser notes itself in the import's context (a spec's lookups live there)."""
    ctx.cache.setdefault("ran", []).append(hook)


def _name(value, ctx):
    ran(ctx, "parse")
    return parse_text(4)(value, ctx)


def _crash(value, ctx):
    if value == "炸":
        raise RuntimeError("a parser that did not foresee this cell")
    return str(value)


class Spec(ImportSpec):
    """Town and name required (the name at most 4 characters), a note checked across the row."""

    name = "engine-rules"
    title = "规则"
    chunk_size = 3
    columns = [
        Column("town", "乡镇", required=True, example="竹峪镇"),
        Column("name", "片区名称", required=True, parse=_name, example="示例片区"),
        Column("note", "备注", parse=_crash),
    ]

    def __init__(self, town=None):
        self.town = town  # a real OrgUnit when write_chunk writes Zones
        self.prepared = 0
        self.checked: list[list[int]] = []
        self.rechecked: list[int] = []
        self.writes: list[list[int]] = []
        self.contexts: list[ImportContext] = []  # what each write_chunk was handed

    def prepare(self, ctx):
        ran(ctx, "prepare")
        self.prepared += 1

    def check_row(self, row, ctx):
        ran(ctx, "check_row")
        note = row.values.get("note")
        if note == "崩":
            raise KeyError("a check that did not foresee this row")
        if note == "坏":
            row.error("备注", "备注不能是「坏」")

    def unique_keys(self, row):
        if row.has("town", "name"):
            yield "片区名称", "乡镇和片区名称", (row.values["town"], row.values["name"])

    def check_chunk(self, rows, ctx):
        ran(ctx, "check_chunk")
        self.checked.append([r.number for r in rows])
        for row in rows:
            if row.values.get("name") == "已有":
                row.error("片区名称", "系统中已有同名片区")

    def write_chunk(self, rows, ctx):
        ran(ctx, "write_chunk")
        self.writes.append([r.number for r in rows])
        self.contexts.append(ctx)
        if self.town is None:
            return [r.number for r in rows]
        return [Zone.objects.create(town=self.town, name=r.values["name"]).pk for r in rows]

    can_stage = True

    def stage_row(self, row):
        return {"n": row.number, "town": row.values["town"], "name": row.values["name"]}

    def unstage_row(self, data, ctx):
        ran(ctx, "unstage_row")
        row = Row(number=data["n"], raw={}, values={"town": data["town"], "name": data["name"], "note": None})
        if data["town"] == "撤销镇":
            row.error("乡镇", "找不到乡镇「撤销镇」")
        return row

    def recheck_row(self, row, ctx):
        ran(ctx, "recheck_row")
        self.rechecked.append(row.number)
        if row.values["name"] == "新占":
            row.error("片区名称", "系统中已有同名片区")


class Wide(Spec):
    """Four columns: a message's example names the first three only."""

    columns = [*Spec.columns, Column("founded", "成立日期")]


class Sheet:
    """A reader's stand-in: (row number, cells) in order, and the formula cells without a value."""

    def __init__(self, rows, formulas=None):
        self._rows, self.formulas = rows, formulas or {}

    def rows(self):
        yield from self._rows


def sheet(*data, first=2, header=HEADER, formulas=None):
    """The header on row 1, then `data` from row `first` on."""
    return Sheet([(1, header), *((first + i, cells) for i, cells in enumerate(data))], formulas)


def ctx():
    return ImportContext(user=None, unit=None, capability="", today=DAY)


def good(n):
    return [["竹峪镇", f"片{i}", ""] for i in range(n)]


def numbers(rows):
    return [r.number for chunk in rows for r in chunk]


# --- Outcome ------------------------------------------------------------------------------------------


def test_written_keys_are_counted_and_kept_as_runs():
    outcome = Outcome()
    assert outcome.wrote([7, 8, 9]) == 3
    assert outcome.wrote([10, 12]) == 2
    assert outcome.wrote(4) == 4  # a spec that answers with a count leaves no keys
    assert outcome.written == 9
    assert outcome.keys == [[7, 10], [12, 12]]


@pytest.mark.parametrize(("n", "shown"), [(20, 20), (21, 20), (19, 19)])
def test_the_preview_shows_the_first_20_good_rows(n, shown):
    spec = Spec()
    bad = Row(number=1, raw={}, errors=[("乡镇", "找不到")])
    rows = [bad] + [Row(number=i + 2, raw={"town": "竹峪镇", "name": f"片{i}"}) for i in range(n)]
    outcome = Outcome()
    outcome.add(rows, spec, cap=10)
    assert (outcome.total, outcome.good, outcome.bad) == (n + 1, n, 1)
    assert len(outcome.preview) == shown
    assert outcome.preview[0] == {"row": 2, "cells": ["竹峪镇", "片0", ""]}
    assert outcome.preview[-1]["row"] == shown + 1


@pytest.mark.parametrize(("cap", "kept"), [(3, 3), (4, 4), (5, 4)])
def test_errors_are_counted_in_full_and_kept_up_to_the_cap(cap, kept):
    rows = [
        Row(number=2, raw={}, errors=[("乡镇", "甲"), ("片区名称", "乙")]),
        Row(number=3, raw={}),
        Row(number=4, raw={}, errors=[("", "丙"), ("备注", "丁")]),
    ]
    outcome = Outcome()
    outcome.add(rows, Spec(), cap=cap)
    assert (outcome.total, outcome.good, outcome.bad, outcome.error_count) == (3, 1, 2, 4)
    expected = [
        {"row": 2, "column": "乡镇", "message": "甲"},
        {"row": 2, "column": "片区名称", "message": "乙"},
        {"row": 4, "column": "", "message": "丙"},
        {"row": 4, "column": "备注", "message": "丁"},
    ]
    assert outcome.errors == expected[:kept]


def test_strict_rejection_carries_its_outcome():
    outcome = Outcome(total=3, bad=1)
    exc = StrictRejected(outcome)
    assert exc.outcome is outcome
    assert str(exc) == "strict import rejected"


# --- one row ------------------------------------------------------------------------------------------

PLAN = row_plan(Spec(), {"town": 0, "name": 1, "note": 2})


def test_the_plan_holds_key_header_required_parser_and_index():
    plan = row_plan(Spec(), {"name": 0, "town": 2})
    assert [p[:3] for p in plan] == [
        ("town", "乡镇", True),
        ("name", "片区名称", True),
        ("note", "备注", False),
    ]
    assert plan[0][3] is None
    assert plan[1][3] is _name
    assert plan[2][3] is _crash
    assert [p[4] for p in plan] == [2, 0, None]


def test_text_without_a_parser_goes_through_the_text_rule():
    row = build_row(PLAN, 4, ["  竹峪镇\u200b ", "东片", None], ctx())
    assert row.values == {"town": "竹峪镇", "name": "东片", "note": None}  # the zero-width space removed
    assert row.raw["town"] == "  竹峪镇\u200b "
    assert row.ok
    bad = build_row(PLAN, 5, ["竹峪\x07镇", "东片", 12.0], ctx())
    assert bad.values.get("town") is None
    assert bad.values["note"] == "12.0"  # a number reaches its parser as it is
    assert bad.errors == [("乡镇", "含有不可见的控制字符（U+0007），请删除后重新填写")]


def test_a_number_in_a_column_without_parser_is_read_as_text():
    row = build_row(PLAN, 6, [106.0, "东片"], ctx())
    assert row.values == {"town": "106", "name": "东片", "note": None}
    assert row.ok


def test_a_parser_refusal_and_a_crash_are_reported_on_their_column(caplog):
    with caplog.at_level(logging.ERROR, logger="fulian.core.spreadsheets.engine"):
        row = build_row(PLAN, 9, ["竹峪镇", "太长的名字", "炸"], ctx())
    assert row.values == {"town": "竹峪镇", "name": None, "note": None}
    assert row.errors == [("片区名称", "内容过长（5 字），最多 4 字，请删减"), ("备注", CELL_CRASHED)]
    assert caplog.messages == ["import: the parser of 备注 crashed on row 9"]
    four = build_row(PLAN, 10, ["竹峪镇", "四个字的", "好"], ctx())  # 4 characters: the limit itself
    assert four.ok
    assert four.values["name"] == "四个字的"


def test_a_blank_cell_is_a_formula_without_value_only_where_the_sheet_says_so():
    row = build_row(PLAN, 3, ["", None, "  "], ctx(), formulas={1})
    assert row.errors == [("乡镇", REQUIRED), ("片区名称", FORMULA_CELL)]
    other = build_row(PLAN, 3, ["", "东片", "  "], ctx(), formulas={2})  # an optional blank formula
    assert other.errors == [("乡镇", REQUIRED), ("备注", FORMULA_CELL)]
    assert other.values == {"town": None, "name": "东片", "note": None}


def test_a_row_shorter_than_the_sheet_reads_its_missing_cells_as_blank():
    row = build_row(PLAN, 8, ["竹峪镇", "东片"], ctx())  # the note's index (2) is the row's length
    assert row.ok
    assert row.values["note"] is None
    empty = build_row(PLAN, 8, [], ctx())
    assert empty.errors == [("乡镇", REQUIRED), ("片区名称", REQUIRED)]


# --- the header ---------------------------------------------------------------------------------------


def _header_at(n):
    """A title on each of rows 1 … n−1, the header on row n, one data row after it."""
    rows = [(i, [f"标题{i}"]) for i in range(1, n)] + [(n, ["备注", "乡镇", "片区名称"]), (n + 1, ["x"])]
    return iter(rows)


def test_the_header_may_sit_on_row_10_not_on_row_11():
    rows = _header_at(10)
    assert find_header(rows, Spec()) == (10, {"note": 0, "town": 1, "name": 2})
    assert next(rows) == (11, ["x"])  # the data rows follow on the same reader
    with pytest.raises(FileProblem) as exc:
        find_header(_header_at(11), Wide())
    assert str(exc.value) == (
        "没有找到表头：表头应在第一个非空行（现在是第 1 行：「标题1」），写模板第 1 行的列名，"
        "如「乡镇」「片区名称」「备注」。请下载模板，按模板的表头填写后重新上传。"
    )


def test_a_layout_problem_names_the_header_s_row():
    rows = iter([(2, ["名单"]), (4, ["乡镇", "片区名称", "电话"])])
    with pytest.raises(FileProblem) as exc:
        find_header(rows, Spec())
    assert str(exc.value) == (
        "表格格式与模板不符（表头在第 4 行）：无法识别的列「电话」。请下载最新模板，按模板的表头填写。"
    )


def test_no_header_names_the_first_row_shortened_to_60_characters():
    long = ["甲" * 30, None, "乙" * 40, 2.0]
    with pytest.raises(FileProblem) as exc:
        find_header(iter([(3, long), (4, ["其他"])]), Spec())
    shown = ("「" + "甲" * 30 + "」、「" + "乙" * 40 + "」、「2」")[:60]
    assert f"（现在是第 3 行：{shown}）" in str(exc.value)
    assert "「" + "乙" * 26 + "）" in str(exc.value)  # 1 + 30 + 3 + 26 = 60 characters
    assert "乙" * 27 not in str(exc.value)


def test_an_empty_sheet_has_no_header():
    with pytest.raises(FileProblem) as exc:
        find_header(iter([]), Spec())
    assert str(exc.value) == "表格是空的：第一个工作表中没有表头和数据。"


# --- chunks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "sizes"), [(6, [3, 3]), (7, [3, 3, 1]), (2, [2])])
def test_rows_come_in_chunks_of_the_spec_size(n, sizes):
    spec = Spec()
    out = list(chunks(spec, sheet(*good(n)), ctx()))
    assert [len(c) for c in out] == sizes
    assert spec.checked == [[r.number for r in c] for c in out]
    assert numbers(out) == list(range(2, n + 2))
    assert spec.prepared == 1


def test_only_the_example_row_itself_is_skipped():
    spec = Spec()
    rows = [
        EXAMPLE,  # the template's example, left in place: skipped
        ["竹峪镇", "东片", ""],  # the example's town with another name: a data row
        ["红旗镇", "示例片区", ""],  # the example's name in another town: a data row
        ["竹峪镇", "示例片区"],  # the example with its empty note cut off: skipped
    ]
    out = list(chunks(spec, sheet(*rows), ctx()))
    assert numbers(out) == [3, 4]


def test_a_formula_row_beyond_the_sheet_is_reported():
    # The reader yields a formula row past the library's range with no cells at all.
    out = list(chunks(Spec(), sheet(["竹峪镇", "东片", ""], [], formulas={3: {0}}), ctx()))
    [[first, second]] = out
    assert first.ok
    assert second.number == 3
    assert second.errors == [("乡镇", FORMULA_CELL), ("片区名称", REQUIRED)]


def test_formulas_of_one_row_do_not_mark_another():
    out = list(chunks(Spec(), sheet(["", "东片", ""], ["", "西片", ""], formulas={3: {0}}), ctx()))
    assert [r.errors for r in out[0]] == [[("乡镇", REQUIRED)], [("乡镇", FORMULA_CELL)]]


def test_a_repeat_names_the_first_good_row_even_across_chunks():
    rows = [
        ["竹峪镇", "东片", "坏"],  # row 2: bad, so it does not count as seen
        ["竹峪镇", "东片", ""],  # row 3: the first good one
        ["竹峪镇", "西片", ""],
        ["竹峪镇", "东片", ""],  # row 5, in the second chunk: a repeat of row 3
        ["红旗镇", "东片", ""],  # another town: not a repeat
        ["竹峪镇", "东片", ""],  # row 7: still a repeat of row 3, not of row 5
    ]
    out = [r for c in chunks(Spec(), sheet(*rows), ctx()) for r in c]
    assert [(r.number, r.errors) for r in out] == [
        (2, [("备注", "备注不能是「坏」")]),
        (3, []),
        (4, []),
        (5, [("片区名称", "与第 3 行重复（乡镇和片区名称相同）")]),
        (6, []),
        (7, [("片区名称", "与第 3 行重复（乡镇和片区名称相同）")]),
    ]


def test_a_check_that_crashes_marks_its_row_and_the_file_goes_on(caplog):
    with caplog.at_level(logging.ERROR, logger="fulian.core.spreadsheets.engine"):
        out = list(chunks(Spec(), sheet(["竹峪镇", "东片", "崩"], ["竹峪镇", "西片", ""]), ctx()))
    assert [(r.number, r.errors) for r in out[0]] == [(2, [("", ROW_CRASHED)]), (3, [])]
    assert caplog.messages == ["import engine-rules: check_row crashed on row 2"]


# --- gc and the error cap -----------------------------------------------------------------------------


def test_the_collector_is_paused_and_restored_as_it_was():
    assert gc.isenabled()
    inside = []

    def fail():
        with gc_paused():
            inside.append(gc.isenabled())
            raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        fail()
    assert inside == [False]
    assert gc.isenabled()  # back on after an exception too
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_the_error_cap_is_2000_unless_set(settings):
    settings.FULIAN = {k: v for k, v in settings.FULIAN.items() if k != "IMPORT_MAX_ERRORS"}
    assert error_cap() == 2000
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 2}
    assert error_cap() == 2


# --- validate -----------------------------------------------------------------------------------------


def test_validate_stages_the_good_rows_and_reports_progress(settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 1}
    spec, staged, progress = Spec(), [], []
    rows = [*good(2), ["", "东片", ""], ["撤销镇", "新片", ""], ["竹峪镇", "", ""]]
    outcome = validate(spec, sheet(*rows), ctx(), progress.append, staged.append)
    assert progress == [3, 5]
    assert staged == [
        [{"n": 2, "town": "竹峪镇", "name": "片0"}, {"n": 3, "town": "竹峪镇", "name": "片1"}],
        [{"n": 5, "town": "撤销镇", "name": "新片"}],
    ]
    assert (outcome.total, outcome.good, outcome.bad, outcome.error_count) == (5, 3, 2, 2)
    assert outcome.errors == [{"row": 4, "column": "乡镇", "message": REQUIRED}]  # capped at 1
    assert outcome.written == 0
    assert spec.writes == []
    assert validate(Spec(), sheet(*good(1)), ctx()).good == 1  # no progress, no staging: fine


# --- commit (the sheet read again) --------------------------------------------------------------------


@pytest.mark.django_db
def test_commit_writes_the_good_rows_chunk_by_chunk(settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 1}
    spec, progress, seen, context = Spec(), [], [], ctx()
    bad = [["", "东片", ""], ["", "", "坏"], ["", "西片", ""], ["", "南片", ""]]
    rows = [*good(2), *bad, ["竹峪镇", "北片", ""]]
    outcome = commit(
        spec, sheet(*rows), context, strict=False, progress=progress.append, before_commit=seen.append
    )
    assert spec.contexts == [context, context]
    assert spec.writes == [[2, 3], [8]]  # the second chunk (rows 5–7) has no good row: no write
    assert (outcome.total, outcome.good, outcome.bad, outcome.written) == (7, 3, 4, 3)
    assert outcome.keys == [[2, 3], [8, 8]]
    assert outcome.error_count == 6  # row 5 has three
    assert outcome.errors == [{"row": 4, "column": "乡镇", "message": REQUIRED}]
    assert progress == [3, 6, 7]
    assert seen == [outcome]


@pytest.mark.django_db
def test_strict_commit_of_a_clean_sheet_writes_it_all():
    spec = Spec()
    outcome = commit(spec, sheet(*good(4)), ctx(), strict=True)
    assert spec.writes == [[2, 3, 4], [5]]
    assert outcome.written == 4


@pytest.mark.django_db
def test_strict_commit_with_a_bad_row_in_a_later_chunk_writes_nothing(cast):
    spec = Spec(town=cast.town_a)
    rows = [*good(3), ["竹峪镇", "东片", "坏"]]
    with pytest.raises(StrictRejected) as exc:
        commit(spec, sheet(*rows), ctx(), strict=True)
    assert spec.writes == [[2, 3, 4]]  # the first chunk was written, then rolled back
    assert not Zone.objects.exists()
    assert (exc.value.outcome.total, exc.value.outcome.bad) == (4, 1)
    assert exc.value.outcome.errors == [{"row": 5, "column": "备注", "message": "备注不能是「坏」"}]


@pytest.mark.django_db
def test_a_failure_after_the_last_write_rolls_everything_back(cast):
    def refuse(outcome):
        assert outcome.written == 4
        raise RuntimeError("the job record could not be saved")

    with pytest.raises(RuntimeError, match="could not be saved"):
        commit(Spec(town=cast.town_a), sheet(*good(4)), ctx(), strict=False, before_commit=refuse)
    assert not Zone.objects.exists()


# --- commit_staged (the preview's rows) ---------------------------------------------------------------


def staged_rows(*names, town="竹峪镇", first=2):
    return [{"n": first + i, "town": town, "name": name} for i, name in enumerate(names)]


def prior():
    return Outcome(total=5, good=3, bad=2, error_count=2, errors=[
        {"row": 4, "column": "乡镇", "message": REQUIRED},
        {"row": 6, "column": "备注", "message": "备注不能是「坏」"},
    ])  # fmt: skip


@pytest.mark.django_db
def test_staged_rows_are_checked_again_and_the_errors_merged_in_row_order(settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 4}
    spec, earlier, seen, context = Spec(), prior(), [], ctx()
    staged = [
        staged_rows("东片", "新占"),  # row 3 was taken since the preview
        [*staged_rows("北片", town="撤销镇", first=5), *staged_rows("已有", "南片", first=7)],
    ]
    outcome = commit_staged(
        spec, iter(staged), context, strict=False, prior=earlier, before_commit=seen.append
    )
    assert spec.prepared == 1
    assert spec.rechecked == [2, 3, 7, 8]  # row 5 no longer resolves: not rechecked
    assert spec.checked == [[2], [7, 8]]  # check_chunk sees the rows still good
    assert spec.writes == [[2], [8]]
    assert spec.contexts == [context, context]
    assert (outcome.total, outcome.good, outcome.bad, outcome.error_count) == (5, 2, 5, 5)
    assert outcome.errors == [
        {"row": 3, "column": "片区名称", "message": "系统中已有同名片区"},
        {"row": 4, "column": "乡镇", "message": REQUIRED},
        {"row": 5, "column": "乡镇", "message": "找不到乡镇「撤销镇」"},
        {"row": 6, "column": "备注", "message": "备注不能是「坏」"},
    ]  # the cap (4) keeps row 7's error out, and the list is in row order
    assert outcome.keys == [[2, 2], [8, 8]]
    assert len(earlier.errors) == 2  # the preview's outcome is left as it was
    assert seen == [outcome]


@pytest.mark.django_db
def test_staged_rows_under_the_cap_keep_every_error(settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 3}
    outcome = commit_staged(Spec(), iter([staged_rows("新占")]), ctx(), strict=False, prior=prior())
    assert [e["row"] for e in outcome.errors] == [2, 4, 6]
    assert outcome.written == 0


@pytest.mark.django_db
def test_strict_staged_commit_writes_a_clean_preview_and_nothing_of_a_spoilt_one(cast):
    clean = Outcome(total=4, good=4)
    spec = Spec(town=cast.town_a)
    outcome = commit_staged(spec, iter([staged_rows("甲", "乙"), staged_rows("丙", first=4)]), ctx(),
                            strict=True, prior=clean)  # fmt: skip
    assert spec.writes == [[2, 3], [4]]
    assert (outcome.good, outcome.written) == (3, 3)
    assert sorted(Zone.objects.values_list("name", flat=True)) == ["丙", "乙", "甲"]
    Zone.objects.all().delete()
    spec = Spec(town=cast.town_a)
    with pytest.raises(StrictRejected) as exc:
        commit_staged(spec, iter([staged_rows("甲", "乙"), staged_rows("新占", first=4)]), ctx(),
                      strict=True, prior=clean)  # fmt: skip
    assert spec.writes == [[2, 3]]
    assert not Zone.objects.exists()
    assert exc.value.outcome.errors == [{"row": 4, "column": "片区名称", "message": "系统中已有同名片区"}]


@pytest.mark.django_db
def test_a_strict_preview_that_had_bad_rows_writes_nothing():
    spec = Spec()
    with pytest.raises(StrictRejected) as exc:
        commit_staged(spec, iter([staged_rows("甲")]), ctx(), strict=True, prior=prior())
    assert spec.writes == []
    assert exc.value.outcome.bad == 2


# --- the context ----------------------------------------------------------------------------------------

HOOKS_OF_ONE_ROW = ["parse", "check_row"]


@pytest.mark.django_db
def test_every_hook_and_parser_is_handed_the_import_s_context():
    checked = ctx()
    validate(Spec(), sheet(*good(2)), checked)
    assert checked.cache["ran"] == ["prepare", *HOOKS_OF_ONE_ROW * 2, "check_chunk"]
    written = ctx()
    commit(Spec(), sheet(*good(2)), written, strict=False)
    assert written.cache["ran"] == ["prepare", *HOOKS_OF_ONE_ROW * 2, "check_chunk", "write_chunk"]
    staged = ctx()
    commit_staged(Spec(), iter([staged_rows("甲", "乙")]), staged, strict=False, prior=Outcome())
    assert staged.cache["ran"] == [
        "prepare", "unstage_row", "unstage_row", "recheck_row", "recheck_row", "check_chunk", "write_chunk"
    ]  # fmt: skip


def test_a_name_column_refuses_invisible_characters_another_column_drops_them():
    """The text rule knows a name column by its key (`name`), with or without a parser."""
    refused = "名称中不能含有文字方向控制符或零宽字符（U+200B）"
    plan = [("name", "姓名", True, None, 0), ("note", "备注", False, None, 1)]
    row = build_row(plan, 2, ["王\u200b芳", "说\u200b明"], ctx())
    assert row.errors == [("姓名", refused)]
    assert row.values["note"] == "说明"
    parsed = build_row(PLAN, 3, ["竹峪镇", "东\u200b片", 7], ctx())  # through the name's parser
    assert parsed.errors == [("片区名称", refused)]
    number = build_row([("name", "姓名", True, None, 0)], 4, [12.0], ctx())  # a number read as text
    assert number.values == {"name": "12"}
