"""Exports of the ranking and of one audit sheet, to Excel (the one writer in
fulian.core.spreadsheets.export: formulas neutralised, unsafe characters removed) and Word (python-docx,
the official-document fonts of the annual summary, text through `core.text.add_text`). Renderers only
lay out what the selectors give."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from fulian.core.officialdoc import SIZE_2, fonts, set_font
from fulian.core.spreadsheets.export import table_workbook, xlsx_response
from fulian.core.text import add_text

from . import selectors
from .models import Assessment, Sheet

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


def ranking_table(a: Assessment) -> tuple[list[str], list[list]]:
    cats = list(a.rubric.categories.all())
    head = [
        "名次",
        "村(社区)",
        *[c.name for c in cats],
        "自评",
        "平时",
        "年终",
        "加分",
        "总分",
        "等次",
        "较上年",
    ]
    rows = []
    for r in selectors.results(assessment=a):
        res = r.result
        rows.append(
            [
                r.rank,
                r.sheet.village.name,
                *[float(res.by_category.get(c.pk, [0, 0])[0]) for c in cats],
                float(res.self_total),
                float(res.regular),
                float(res.final_total),
                float(res.bonus),
                float(res.total),
                res.grade + ("（一票否决）" if res.vetoed else ""),
                "" if r.change is None else float(r.change),
            ]
        )
    return head, rows


def sheet_table(sheet: Sheet, user) -> tuple[list[str], list[list]]:
    head = ["类别", "考核内容", "考核方式", "分值", "自评", "考核组评分", "扣分", "扣分理由", "考核组"]
    rows = []
    for row in selectors.sheet_rows(user=user, sheet=sheet):
        i, s, f = row.item, row.self_score, row.final
        rows.append(
            [
                i.category.name,
                i.title + ("（一票否决）" if i.kind == "veto" else "（加分）" if i.kind == "bonus" else ""),
                i.get_method_display(),
                float(i.max_points),
                "" if s is None else float(s.points),
                "" if f is None else ("否决" if f.vetoed else float(f.points)),
                "" if f is None else float(f.deduction),
                "" if f is None else f.reason,
                "" if f is None or f.group is None else f.group.name,
            ]
        )
    return head, rows


def _docx(title: str, head, rows, notes: list[str] = ()) -> bytes:
    f = fonts()
    doc = Document()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(add_text(p, title), f["title"], SIZE_2)
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        set_font(add_text(cell.paragraphs[0], str(text)), f["h1"], Pt(10.5), bold=True)
    for r in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, r, strict=True):
            text = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            set_font(add_text(cell.paragraphs[0], text), f["body"], Pt(10.5))
    for line in notes:
        set_font(add_text(doc.add_paragraph(), line), f["body"], Pt(12))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def ranking(a: Assessment, fmt: str) -> HttpResponse:
    head, rows = ranking_table(a)
    title = f"{a.title}排名"
    if fmt == "xlsx":
        return xlsx_response(table_workbook(title, head, rows), f"{title}.xlsx")
    if fmt == "docx":
        return _response(_docx(title, head, rows), DOCX, f"{title}.docx")
    raise Http404("不支持的格式")


def sheet(s: Sheet, fmt: str, *, user) -> HttpResponse:
    head, rows = sheet_table(s, user)
    title = f"{s.village.name}审核记录表"
    notes = [f"互查意见：{s.cross_findings or '无'}", f"状态：{s.get_status_display()}"]
    if fmt == "xlsx":
        return xlsx_response(table_workbook(title, head, rows), f"{title}.xlsx")
    if fmt == "docx":
        return _response(_docx(title, head, rows, notes), DOCX, f"{title}.docx")
    raise Http404("不支持的格式")
