"""Statistics as an Excel sheet: the renderer lays out the table the view computed; it counts nothing.
Written by the one Excel writer (fulian.core.spreadsheets.export)."""

from __future__ import annotations

from django.http import HttpResponse

from fulian.core.spreadsheets.export import Book, xlsx_response


def stats_response(*, unit, period, table: dict) -> HttpResponse:
    """The statistics sheet as a download."""
    return xlsx_response(
        stats_workbook(unit=unit, period=period, table=table), f"stats-{unit.code or unit.pk}.xlsx"
    )


def stats_workbook(*, unit, period, table: dict) -> bytes:
    children = table["children"]
    header = ["指标", "单位", "本期", "去年同期", "增减", *[c.name for c in children]]
    book = Book()
    sheet = book.sheet("统计", widths=[28, *[12] * (len(header) - 1)], freeze="C3")
    sheet.row([f"{unit.name} {period.label} 妇联工作统计"], bold=True, size=14)
    sheet.row(header, bold=True, center=True)
    for row in table["rows"]:
        sheet.row([row["label"], row["unit"], row["value"], row["previous"], row["change"], *row["children"]])
    return book.save()
