"""What an app declares: the columns of its sheet, how each cell is read and checked, how good rows are
written (ImportSpec), and which columns an export has (ExportSpec). Plus the registry of specs by name."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone


class CellError(ValueError):
    """Raised by a column parser: the message (Chinese) says what is wrong with the cell."""


@dataclass
class ImportContext:
    """What one import knows besides the rows: who imports, into which unit, and lookups that the spec
    builds once in `prepare()` (villages by name, categories …) so rows need no queries of their own."""

    user: Any
    unit: Any  # the OrgUnit the import goes into (inside the user's scope)
    capability: str
    today: date = field(default_factory=timezone.localdate)
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    """One data row of the sheet: its Excel row number, parsed values and the errors found."""

    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header or "", message)

    def error(self, column: str, message: str) -> None:
        """Report a mistake in a column; a column already reported keeps its first message (a later
        check of the same column, e.g. the form's "cannot be empty" after the cell's own message, would
        only repeat it)."""
        if column and any(c == column for c, _ in self.errors):
            return
        self.errors.append((column, message))

    def has(self, *keys: str) -> bool:
        """Whether every named column has a usable value (not blank, not refused by its parser)."""
        values = self.values
        return all(values.get(k) is not None for k in keys)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Column:
    """One column of an import sheet.

    `parse(value, ctx)` turns the raw cell (str, int, float, date, datetime or None) into the value the
    spec writes, or raises CellError. `choices(ctx)` gives the dropdown list of the template (and the
    parser usually checks against the same list). `example` fills the template's example row.
    """

    key: str
    header: str
    required: bool = False
    parse: Callable[[Any, ImportContext], Any] | None = None
    choices: Callable[[ImportContext], list[str]] | None = None
    example: Any = ""
    width: int = 14
    text: bool = False  # format the template column as text (ID numbers, phone numbers)
    strict_choices: bool = True  # False: the dropdown only suggests (e.g. several values in one cell)
    help: str = ""
    mask: Callable[[str], str] | None = None  # how the preview shows the cell (ID numbers: masked)


class ImportSpec:
    """Subclass and set `name`, `title`, `capability`, `columns`, `model`; override `write_row` (or
    `write_chunk`) and,
    where the ledger needs them, `prepare`, `check_row`, `unique_keys`, `check_chunk`, `preview_row`.

    Every row goes through every check in one pass, so that the preview lists all the mistakes of a row
    at once: `check_row`, `unique_keys` and `check_chunk` also see rows that already have errors, whose
    refused or blank cells are None in `row.values` (`row.has(...)` tells). A check skips what it cannot
    judge without a value, and never lets a bad row count as "seen" for a later row."""

    name: str = ""
    title: str = ""
    capability: str = ""
    model: Any = None  # the model whose rows `write_chunk` writes (named in the change history)
    columns: list[Column] = []
    notes: list[str] = []
    chunk_size: int = 1000
    unit_levels: tuple[int, ...] = ()  # levels a user may import into (empty: any unit in scope)

    # --- hooks ---------------------------------------------------------------------------------

    def prepare(self, ctx: ImportContext) -> None:
        """Build lookups once per import (store them in ctx.cache)."""

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        """Checks across the columns of one row; call row.error(header, message)."""

    def unique_keys(self, row: Row) -> Iterable[tuple[str, str, Hashable]]:
        """(column header, what is compared, key) that must not repeat within the file."""
        return ()

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        """Checks against the database for a chunk of rows (batched queries, never one per row)."""

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int] | int:
        """Write the good rows of a chunk; return the primary keys of the `model` rows written (the change
        history names them), or just how many. Runs inside one transaction. By default each row through
        `write_row` (a spec that writes row by row through its service implements only that); a spec that
        writes a chunk at once (bulk inserts) overrides this."""
        return [self.write_row(row.values, ctx).pk for row in rows]

    def write_row(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        """Write one good row through the ledger's service; return the `model` row written."""
        raise NotImplementedError

    # Staging (optional): a spec that implements these three keeps the preview's checked rows, so the
    # confirm step re-runs only the checks that depend on the database or on the user's rights.
    can_stage: bool = False

    def stage_row(self, row: Row) -> Any:
        """A good row after every check, as JSON-serialisable data (ids instead of model instances)."""
        raise NotImplementedError

    def unstage_row(self, data: Any, ctx: ImportContext) -> Row:
        """The Row back from `stage_row` data, against lookups `prepare` built again (rows whose
        village, category … no longer resolve get an error)."""
        raise NotImplementedError

    def recheck_row(self, row: Row, ctx: ImportContext) -> None:
        """Per-row checks that may have changed since the preview (scope, references); `check_chunk`
        runs after it as in the full check."""

    def preview_row(self, row: Row) -> list[str]:
        """The cells shown for a good row on the preview page: each column's `mask` applied (override
        for personal data that needs more than a mask per cell)."""
        cells = [_display(row.raw.get(c.key)) for c in self.columns]
        return [c.mask(v) if c.mask is not None else v for c, v in zip(self.columns, cells, strict=True)]

    # --- helpers -------------------------------------------------------------------------------

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def example_row(self) -> list[Any]:
        return [c.example for c in self.columns]


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class ExportContext:
    user: Any
    unmask: bool = False  # whether THIS row's personal data may be shown in full (set per row)
    params: Any = None
    disclosure: Any = None  # fulian.core.disclosure.Disclosure deciding `unmask` row by row


@dataclass
class ExportColumn:
    header: str
    value: Callable[[Any, ExportContext], Any]
    width: int = 14


class ExportSpec:
    """Subclass and set `name`, `title`, `capability`, `columns`, and `rows(user, params)`, which must
    come from the app's selector (already scoped). `unmask_capability` names what must hold on a row's
    own unit (`row_path`) for its personal data to be exported in full; every export is written to the
    access log (`fulian.core.spreadsheets.export`)."""

    name: str = ""
    title: str = ""
    capability: str = ""
    unmask_capability: str = ""
    columns: list[ExportColumn] = []

    def rows(self, user, params) -> Iterable[Any]:
        raise NotImplementedError

    def row_path(self, obj) -> str | None:
        """The tree path of the unit the row's personal data belong to (default: the model's scope path)."""
        from fulian.core.scoping import instance_path

        return instance_path(obj)

    def filename(self) -> str:
        return f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"


_IMPORTS: dict[str, ImportSpec] = {}
_EXPORTS: dict[str, ExportSpec] = {}


def register(spec: ImportSpec | ExportSpec) -> ImportSpec | ExportSpec:
    """Make a spec reachable by name from the generic views. Call at import time of `spreadsheet.py`."""
    if isinstance(spec, ImportSpec):
        _IMPORTS[spec.name] = spec
    else:
        _EXPORTS[spec.name] = spec
    return spec


def unregister(spec: ImportSpec | ExportSpec) -> None:
    registry = _IMPORTS if isinstance(spec, ImportSpec) else _EXPORTS
    registry.pop(spec.name, None)


def get_import_spec(name: str) -> ImportSpec:
    try:
        return _IMPORTS[name]
    except KeyError as exc:
        raise Http404("没有这种导入") from exc


def get_export_spec(name: str) -> ExportSpec:
    try:
        return _EXPORTS[name]
    except KeyError as exc:
        raise Http404("没有这种导出") from exc
