"""The yearly monitoring table in the county template layout (监测统计表), written by the one Excel writer
(fulian.core.spreadsheets.export: notes and names that look like formulas stay text)."""

from __future__ import annotations

from fulian.core.spreadsheets.export import Book

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
WIDTHS = [6, 16, 30, 10, 12, 12, 12, 12, 12, 10, 10, 20, 16]


def monitoring_workbook(*, unit, year: int, rows, plan_label: str) -> bytes:
    book = Book()
    sheet = book.sheet(f"{year}年度", widths=WIDTHS, freeze="D4")
    sheet.row(
        [f"{unit.name}{plan_label}监测统计表（{year}年度）"],
        bold=True,
        size=14,
        center=True,
        span=len(HEADER),
    )
    sheet.row([f"填报单位：{unit.name}"])
    sheet.row(HEADER, bold=True, center=True, wrap=True, border=True)
    for i, r in enumerate(rows, start=1):
        ind = r.indicator
        change = (r.value - r.previous) if r.value is not None and r.previous is not None else None
        flag = "" if r.meets is None else ("是" if r.meets else "否")
        target = f"{ind.get_direction_display()}{ind.target}" if ind.target is not None else ""
        sheet.row(
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
            ],
            border=True,
        )
    return book.save()
