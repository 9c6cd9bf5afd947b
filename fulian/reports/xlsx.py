"""Statistics as an Excel sheet: the renderer lays out the table the view computed; it counts nothing."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def _cell(value):
    """Numbers stay numbers; text that a spreadsheet could execute is neutralised."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def stats_workbook(*, unit, period, table: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "统计"
    children = table["children"]
    ws.append([f"{unit.name} {period.label} 妇联工作统计"])
    ws["A1"].font = Font(bold=True, size=14)
    header = ["指标", "单位", "本期", "去年同期", "增减", *[c.name for c in children]]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in table["rows"]:
        ws.append(
            [_cell(row["label"]), row["unit"], row["value"], row["previous"], row["change"], *row["children"]]
        )
    ws.column_dimensions["A"].width = 28
    for i in range(2, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.freeze_panes = "C3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
