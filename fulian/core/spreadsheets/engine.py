"""The import pipeline shared by every spec: read rows in chunks, parse each cell, check rows, find
duplicates within the file and (through the spec, in batched queries) in the database, then either report
(validate) or write the good rows (commit). Memory stays flat: only one chunk of rows and the set of
in-file keys are held at a time."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from fulian.audit.bulk import add_runs

from .fastinsert import writes_in_background
from .fileguard import FORMULA_CELL
from .parsers import cell_text, clean_cell
from .reader import FileProblem, SheetReader, column_map, limit, normalise_header
from .spec import CellError, ImportContext, ImportSpec, Row

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]
PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 10  # the header may sit below a title: the first of these non-empty rows naming a column
REQUIRED = "必填项未填写，请填写该列"
CELL_CRASHED = "无法识别该单元格的内容，请按模板和填写说明填写（已记录，管理员可查看日志）"
ROW_CRASHED = "检查该行时出错，请核对该行各列是否按模板填写（已记录，管理员可查看日志）"


@dataclass
class Outcome:
    total: int = 0
    good: int = 0
    bad: int = 0
    written: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    keys: list[list[int]] = field(default_factory=list)  # written primary keys, as [first, last] runs

    def wrote(self, keys: Iterable[Any] | int) -> int:
        """Count the keys a chunk wrote (`ImportSpec.write_chunk`'s answer) and keep them as runs of
        consecutive integers (an import of 200,000 rows usually keeps one run); returns how many. A spec
        that answers with a count only leaves no keys."""
        if isinstance(keys, int):
            self.written += keys
            return keys
        n = add_runs(self.keys, keys)
        self.written += n
        return n

    def add(self, chunk: list[Row], spec: ImportSpec, cap: int) -> None:
        for row in chunk:
            self.total += 1
            if row.ok:
                self.good += 1
                if len(self.preview) < PREVIEW_ROWS:
                    self.preview.append({"row": row.number, "cells": spec.preview_row(row)})
                continue
            self.bad += 1
            for column, message in row.errors:
                self.error_count += 1
                if len(self.errors) < cap:
                    self.errors.append({"row": row.number, "column": column, "message": message})


class StrictRejected(Exception):
    """Strict mode found a bad row while writing: the transaction is rolled back."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("strict import rejected")
        self.outcome = outcome


def row_plan(spec: ImportSpec, columns: dict[str, int]) -> list[tuple]:
    """Per spec column, once per import: (key, header, required, parser or None, sheet index or None)."""
    return [(c.key, c.header, c.required, c.parse, columns.get(c.key)) for c in spec.columns]


def build_row(plan: list[tuple], number: int, cells: list, ctx, formulas: Collection[int] = ()) -> Row:
    """Parse one sheet row by the plan (`row_plan`). A cell that fails its parser is reported and its value
    is None, like a blank one: the spec's `check_row` then runs on the row all the same, so that every
    mistake of a row is reported at once. `formulas`: indexes of cells holding a formula without a value."""
    width = len(cells)
    raw: dict[str, Any] = {}
    values: dict[str, Any] = {}
    row = Row(number=number, raw=raw, values=values)
    for key, header, required, parse, index in plan:
        value = cells[index] if index is not None and index < width else None
        raw[key] = value
        if isinstance(value, str):  # (exactly str: a sheet's cells are never str subclasses)
            text = value.strip()
            if text and parse is None:
                try:
                    values[key] = clean_cell(text, key)
                except CellError as exc:
                    row.error(header, str(exc))
                continue
            blank = not text
        else:
            blank = value is None
        if blank:
            values[key] = None
            if formulas and index in formulas:
                row.error(header, FORMULA_CELL)
            elif required:
                row.error(header, REQUIRED)
            continue
        try:
            values[key] = clean_cell(parse(value, ctx) if parse is not None else cell_text(value), key)
        except CellError as exc:
            values[key] = None
            row.error(header, str(exc))
        except Exception:  # a parser that did not foresee this cell: the row says so, the file goes on
            logger.exception("import: the parser of %s crashed on row %s", header, number)
            values[key] = None
            row.error(header, CELL_CRASHED)
    return row


def find_header(rows: Iterator[tuple[int, list]], spec: ImportSpec) -> tuple[int, dict[str, int]]:
    """The header row: the first non-empty row that names a column of the spec, among the first
    HEADER_SEARCH_ROWS (a title above it is skipped). Returns its number and the column map."""
    wanted = {normalise_header(c.header) for c in spec.columns}
    seen: list[tuple[int, list]] = []
    for number, cells in rows:
        headers = [normalise_header(v) for v in cells]
        if not wanted.isdisjoint(headers):
            return number, column_map(headers, spec, number)
        seen.append((number, cells))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise FileProblem("表格是空的：第一个工作表中没有表头和数据。")
    first, cells = seen[0]
    shown = "、".join(f"「{cell_text(c)}」" for c in cells if cell_text(c))[:60]
    example = "".join(f"「{c.header}」" for c in spec.columns[:3])
    raise FileProblem(
        f"没有找到表头：表头应在第一个非空行（现在是第 {first} 行：{shown}），写模板第 1 行的列名，"
        f"如{example}。请下载模板，按模板的表头填写后重新上传。"
    )


def _check_row(spec: ImportSpec, row: Row, ctx: ImportContext) -> None:
    """The spec's checks across the columns of one row; a check that crashes on an odd row is reported
    on that row (and logged) rather than failing the whole file."""
    try:
        spec.check_row(row, ctx)
    except Exception:
        logger.exception("import %s: check_row crashed on row %s", spec.name, row.number)
        row.error("", ROW_CRASHED)


def chunks(spec: ImportSpec, reader: SheetReader, ctx: ImportContext) -> Iterator[list[Row]]:
    """Checked rows, chunk by chunk: every row goes through every check (cells, `check_row`, in-file
    duplicates, `check_chunk`), whatever the earlier checks found. Raises FileProblem when no header
    row fits the spec."""
    rows = reader.rows()
    _, columns = find_header(rows, spec)
    plan = row_plan(spec, columns)
    formulas = reader.formulas
    spec.prepare(ctx)
    example = {c.key: cell_text(c.example) for c in spec.columns}
    # Most rows already differ from the example in their first column: test that one before the rest.
    first_key, first = next(iter(columns.items()), (None, 0))
    seen: dict[Hashable, int] = {}
    chunk: list[Row] = []

    def finish(rows: list[Row]) -> list[Row]:
        for row in rows:
            for header, what, key in spec.unique_keys(row):
                first = seen.get((header, key))
                if first is not None:
                    row.error(header, f"与第 {first} 行重复（{what}相同）")
                elif row.ok:  # a row with mistakes writes nothing: it does not make a later row a repeat
                    seen[(header, key)] = row.number
        spec.check_chunk(rows, ctx)
        return rows

    for number, cells in rows:
        if (
            first_key is None or cell_text(cells[first] if first < len(cells) else None) == example[first_key]
        ) and all(cell_text(cells[i] if i < len(cells) else None) == example[k] for k, i in columns.items()):
            continue  # the template's example row, left in place
        row = build_row(plan, number, cells, ctx, formulas.get(number, ()) if formulas else ())
        _check_row(spec, row, ctx)
        chunk.append(row)
        if len(chunk) >= spec.chunk_size:
            yield finish(chunk)
            chunk = []
    if chunk:
        yield finish(chunk)


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector while rows stream through (reference counting still frees
    every row as it goes). An import allocates several containers per cell and per row, and the
    collector's passes over them cost about a fifth of the import's time; what few cycles form are
    collected once the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def error_cap() -> int:
    return limit("IMPORT_MAX_ERRORS", 2000)


def validate(
    spec: ImportSpec,
    reader: SheetReader,
    ctx: ImportContext,
    progress: Progress | None = None,
    stage: Callable[[list[Any]], None] | None = None,
):
    """Check every row and report; writes no rows. With `stage` (and a spec that can stage), the good
    rows of each chunk are handed to it in `spec.stage_row` form, so the confirm step need not parse and
    check them again (see `commit_staged`)."""
    outcome = Outcome()
    with gc_paused():
        for chunk in chunks(spec, reader, ctx):
            outcome.add(chunk, spec, error_cap())
            if stage is not None:
                stage([spec.stage_row(r) for r in chunk if r.ok])
            if progress:
                progress(outcome.total)
    return outcome


def commit(
    spec: ImportSpec,
    reader: SheetReader,
    ctx: ImportContext,
    *,
    strict: bool,
    progress: Progress | None = None,
    before_commit: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Check again (the database may have changed since the preview) and write every good row in one
    transaction; in strict mode any bad row rolls everything back (StrictRejected). `before_commit` runs
    in the same transaction once every row is written (an exception there rolls everything back)."""
    outcome = Outcome()
    with transaction.atomic():
        with gc_paused(), writes_in_background():
            for chunk in chunks(spec, reader, ctx):
                outcome.add(chunk, spec, error_cap())
                if strict and outcome.bad:
                    raise StrictRejected(outcome)
                good = [r for r in chunk if r.ok]
                if good:
                    outcome.wrote(spec.write_chunk(good, ctx))
                if progress:
                    progress(outcome.total)
        if before_commit is not None:
            before_commit(outcome)
    return outcome


def commit_staged(
    spec: ImportSpec,
    staged: Iterator[list[Any]],
    ctx: ImportContext,
    *,
    strict: bool,
    prior: Outcome,
    before_commit: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Like `commit`, from the rows the preview checked (`prior` is the preview's outcome: its bad rows
    stay bad). Each row is rebuilt with `spec.unstage_row` and goes again through every check that
    depends on the database or on the user's rights (`spec.recheck_row`, then `spec.check_chunk`), since
    both may have changed since the preview; the checks that depend only on the file are not repeated.
    Same transaction and strict-mode rules as `commit`."""
    outcome = Outcome(total=prior.total, bad=prior.bad, error_count=prior.error_count)
    outcome.errors = list(prior.errors)
    spec.prepare(ctx)
    with transaction.atomic():
        with gc_paused(), writes_in_background():
            for data in staged:
                rows = [spec.unstage_row(item, ctx) for item in data]
                for row in rows:
                    if row.ok:
                        spec.recheck_row(row, ctx)
                spec.check_chunk([r for r in rows if r.ok], ctx)
                for row in rows:
                    if row.ok:
                        outcome.good += 1
                        continue
                    outcome.bad += 1
                    for column, message in row.errors:
                        outcome.error_count += 1
                        if len(outcome.errors) < error_cap():
                            outcome.errors.append({"row": row.number, "column": column, "message": message})
                if strict and outcome.bad:
                    raise StrictRejected(outcome)
                good = [r for r in rows if r.ok]
                if good:
                    outcome.wrote(spec.write_chunk(good, ctx))
        outcome.errors.sort(key=lambda e: e["row"])
        if before_commit is not None:
            before_commit(outcome)
    return outcome
