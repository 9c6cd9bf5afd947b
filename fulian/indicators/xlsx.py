"""The yearly monitoring table in the county template layout (监测统计表)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HEADER = [
    "序号",
    "领域",
    "指标名称",
    "计量单位",
    "目标值",
    "分子",
    "分母",
    "本年度值",
    "上年度值",
    "增减",
    "是否达标",
    "数据来源",
    "备注",
]


def monitoring_workbook(*, unit, year: int, rows, plan_label: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度"
    ws.append([f"{unit.name}{plan_label}监测统计表（{year}年度）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"填报单位：{unit.name}"])
    ws.append(HEADER)
    thin = Side(style="thin")
    for i, r in enumerate(rows, start=1):
        ind = r.indicator
        change = (r.value - r.previous) if r.value is not None and r.previous is not None else None
        flag = "" if r.meets is None else ("是" if r.meets else "否")
        target = f"{ind.get_direction_display()}{ind.target}" if ind.target is not None else ""
        ws.append(
            [
                i,
                ind.area,
                ind.name,
                ind.measure,
                target,
                r.numerator,
                r.denominator,
                r.value,
                r.previous,
                change,
                flag,
                ind.data_source,
                r.own.note if r.own else "",
            ]
        )
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    widths = [6, 16, 30, 10, 12, 12, 12, 12, 12, 10, 10, 20, 16]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "D4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
