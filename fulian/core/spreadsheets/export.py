"""Writing an export: openpyxl's write-only mode streams rows to the file (memory stays flat for any
number of rows), and every text cell is neutralised against formula injection.

OWASP (CSV Injection; ASVS 1.2.10): a cell whose first character is = + - @ tab or carriage return is
read as a formula by spreadsheet programs; prefix such a cell with a single quote so it stays text. (It
also keeps openpyxl from storing a value that starts with = as a formula.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .spec import ExportContext, ExportSpec

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value: Any) -> Any:
    """The value, made safe to put in a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_workbook(spec: ExportSpec, rows: Iterable[Any], ctx: ExportContext, out: IO[bytes]) -> int:
    """Write `rows` (from the app's scoped selector) to `out` as .xlsx; return the number of rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.title[:31] or "导出")
    for index, column in enumerate(spec.columns):
        ws.column_dimensions[_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for obj in rows:
        ws.append([neutralise(c.value(obj, ctx)) for c in spec.columns])
        count += 1
    wb.save(out)
    return count


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
