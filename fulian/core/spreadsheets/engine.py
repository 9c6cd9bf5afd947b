"""The import pipeline shared by every spec: read rows in chunks, parse each cell, check rows, find
duplicates within the file and (through the spec, in batched queries) in the database, then either report
(validate) or write the good rows (commit). Memory stays flat: only one chunk of rows and the set of
in-file keys are held at a time."""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .fastinsert import writes_in_background
from .parsers import cell_text, clean_cell
from .reader import SheetReader, column_map, limit
from .spec import CellError, ImportContext, ImportSpec, Row

Progress = Callable[[int], None]
PREVIEW_ROWS = 20


@dataclass
class Outcome:
    total: int = 0
    good: int = 0
    bad: int = 0
    written: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

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


def build_row(plan: list[tuple], number: int, cells: list, ctx) -> Row:
    """Parse one sheet row by the plan (`row_plan`); the spec's `check_row` runs after it if it is ok."""
    width = len(cells)
    raw: dict[str, Any] = {}
    values: dict[str, Any] = {}
    row = Row(number=number, raw=raw, values=values)
    for key, header, required, parse, index in plan:
        value = cells[index] if index is not None and index < width else None
        raw[key] = value
        if value.__class__ is str:
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
            if required:
                row.error(header, "必填项未填写")
            continue
        try:
            values[key] = clean_cell(parse(value, ctx) if parse is not None else cell_text(value), key)
        except CellError as exc:
            row.error(header, str(exc))
    return row


def chunks(spec: ImportSpec, reader: SheetReader, ctx: ImportContext) -> Iterator[list[Row]]:
    """Checked rows, chunk by chunk. Raises FileProblem when the header row does not fit the spec."""
    columns = column_map(reader.header, spec)
    plan = row_plan(spec, columns)
    spec.prepare(ctx)
    example = {c.key: cell_text(c.example) for c in spec.columns}
    # Most rows already differ from the example in their first column: test that one before the rest.
    first_key, first = next(iter(columns.items()), (None, 0))
    seen: dict[Hashable, int] = {}
    chunk: list[Row] = []

    def finish(rows: list[Row]) -> list[Row]:
        for row in rows:
            for header, what, key in spec.unique_keys(row):
                first = seen.setdefault((header, key), row.number)
                if first != row.number:
                    row.error(header, f"与第 {first} 行重复（{what}相同）")
        spec.check_chunk([r for r in rows if r.ok], ctx)
        return rows

    for number, cells in reader.rows():
        if (
            first_key is None or cell_text(cells[first] if first < len(cells) else None) == example[first_key]
        ) and all(cell_text(cells[i] if i < len(cells) else None) == example[k] for k, i in columns.items()):
            continue  # the template's example row, left in place
        row = build_row(plan, number, cells, ctx)
        if row.ok:
            spec.check_row(row, ctx)
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
) -> Outcome:
    """Check again (the database may have changed since the preview) and write every good row in one
    transaction; in strict mode any bad row rolls everything back (StrictRejected)."""
    outcome = Outcome()
    with transaction.atomic(), gc_paused(), writes_in_background():
        for chunk in chunks(spec, reader, ctx):
            outcome.add(chunk, spec, error_cap())
            if strict and outcome.bad:
                raise StrictRejected(outcome)
            good = [r for r in chunk if r.ok]
            if good:
                outcome.written += spec.write_chunk(good, ctx)
            if progress:
                progress(outcome.total)
    return outcome


def commit_staged(
    spec: ImportSpec,
    staged: Iterator[list[Any]],
    ctx: ImportContext,
    *,
    strict: bool,
    prior: Outcome,
) -> Outcome:
    """Like `commit`, from the rows the preview checked (`prior` is the preview's outcome: its bad rows
    stay bad). Each row is rebuilt with `spec.unstage_row` and goes again through every check that
    depends on the database or on the user's rights (`spec.recheck_row`, then `spec.check_chunk`), since
    both may have changed since the preview; the checks that depend only on the file are not repeated.
    Same transaction and strict-mode rules as `commit`."""
    outcome = Outcome(total=prior.total, bad=prior.bad, error_count=prior.error_count)
    outcome.errors = list(prior.errors)
    spec.prepare(ctx)
    with transaction.atomic(), gc_paused(), writes_in_background():
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
                outcome.written += spec.write_chunk(good, ctx)
    outcome.errors.sort(key=lambda e: e["row"])
    return outcome
