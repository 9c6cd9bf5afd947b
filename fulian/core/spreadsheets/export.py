"""Every Excel file the platform writes goes through this module: the registry and ledger exports (specs),
and the laid-out workbooks (statistics, indicators, assessment, cases, questionnaire results).

Each value passes `safe_cell` on its way into a cell:
- text is made `printable` (characters that XML forbids, such as U+000B from old rows, are removed: one
  bad row can no longer make the file fail for every user);
- text that a spreadsheet would read as a formula — first character = + - @ tab or carriage return
  (OWASP CSV Injection; ASVS 1.2.10), e.g. `=HYPERLINK(…)` or `=cmd|…` — is prefixed with a single
  quote, so it is stored and shown as text (openpyxl would otherwise store it as a live formula);
- aware datetimes are written in local time (Excel has no time zones); lazy strings become text.

`Book` and `Sheet` wrap openpyxl so that no app writes a cell itself: a test fails when a module outside
this package imports openpyxl. `export_workbook` writes a registered ExportSpec's rows, deciding per row
whether personal data may be shown in full (`fulian.core.disclosure`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from fulian.core.text import printable

from .spec import ExportContext, ExportSpec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with a single quote; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    """The value as it may go into a cell (see the module's docstring)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.make_naive(timezone.localtime(value))
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return neutralise(printable(str(value)))


class Sheet:
    """One worksheet; rows are appended through `row`, which makes every value safe."""

    def __init__(self, book: Book, ws) -> None:
        self._book = book
        self._ws = ws

    def row(
        self,
        values: Iterable[Any],
        *,
        bold: bool = False,
        size: float | None = None,
        border: bool = False,
        wrap: bool = False,
        center: bool = False,
        span: int = 0,
    ) -> None:
        """Append one row. `span` merges the row's first cell across that many columns (a title)."""
        styled = bold or size or border or wrap or center
        cells: list[Any] = [safe_cell(value) for value in values]
        if styled:
            font = Font(bold=bold, size=size) if bold or size else None
            alignment = Alignment(horizontal="center" if center else None, wrap_text=wrap)
            for index, value in enumerate(cells):
                cell = Cell(self._ws, row=1, column=1, value=value)  # placed by append()
                if font is not None:
                    cell.font = font
                if border:
                    cell.border = _BORDER
                if wrap or center:
                    cell.alignment = alignment
                cells[index] = cell
        self._ws.append(cells)
        if span > 1:
            if self._book.streaming:
                raise ValueError("a streamed sheet cannot merge cells")
            r = self._ws.max_row
            self._ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=span)

    def rows(self, rows: Iterable[Iterable[Any]], **style) -> int:
        count = 0
        for values in rows:
            self.row(values, **style)
            count += 1
        return count


class Book:
    """A workbook. `streaming=True` writes rows straight to the file (memory stays flat for any number
    of rows; no merged cells); column widths and frozen panes are given when the sheet is made."""

    def __init__(self, *, streaming: bool = False) -> None:
        self.streaming = streaming
        self._wb = Workbook(write_only=streaming)
        self._fresh = not streaming  # a normal workbook starts with one empty sheet, used first

    def sheet(self, title: str, *, widths: Sequence[float] = (), freeze: str | None = None) -> Sheet:
        title = (printable(title).translate(str.maketrans("", "", "[]:*?/\\")) or "Sheet")[:31]
        if self._fresh:
            ws = self._wb.active
            ws.title = title
            self._fresh = False
        else:
            ws = self._wb.create_sheet(title)
        for index, width in enumerate(widths):
            if width:
                ws.column_dimensions[get_column_letter(index + 1)].width = width
        if freeze:
            ws.freeze_panes = freeze
        return Sheet(self, ws)

    def save(self, out: IO[bytes] | None = None) -> bytes:
        """Write the file to `out`, or return its bytes."""
        if out is not None:
            self._wb.save(out)
            return b""
        import io

        buf = io.BytesIO()
        self._wb.save(buf)
        return buf.getvalue()

    def response(self, filename: str) -> HttpResponseBase:
        return xlsx_response(self.save(), filename)


def xlsx_response(content: bytes | IO[bytes], filename: str) -> HttpResponseBase:
    """The download of a workbook: bytes, or an open file (streamed and closed by the response). Not
    stored by the browser: exports may hold personal data."""
    response: HttpResponse | FileResponse
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    else:
        response = FileResponse(content, as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


def table_workbook(title: str, head: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A titled table on one sheet (ranking, audit sheet): a bold title row, a bold header, the rows."""
    book = Book()
    sheet = book.sheet(title)
    sheet.row([title], bold=True, size=14)
    sheet.row(head, bold=True)
    sheet.rows(rows)
    return book.save()


def export_workbook(spec: ExportSpec, rows: Iterable[Any], ctx: ExportContext, out: IO[bytes]) -> int:
    """Write `rows` (from the app's scoped selector) to `out` as .xlsx; return the number of rows.

    Whether a row's personal data are shown in full is decided for that row (`ctx.disclosure`, the scoping
    policy asked about the row's own unit); `ctx.unmask` holds the answer while its cells are written."""
    book = Book(streaming=True)
    sheet = book.sheet(spec.title or "导出", widths=[c.width for c in spec.columns], freeze="A2")
    sheet.row([c.header for c in spec.columns], bold=True)
    count = 0
    decide = ctx.disclosure is not None and bool(ctx.disclosure.capability)
    for obj in rows:
        if decide:
            ctx.unmask = ctx.disclosure.allows(spec.row_path(obj), key=getattr(obj, "pk", None))
        sheet.row([c.value(obj, ctx) for c in spec.columns])
        count += 1
    book.save(out)
    return count
