"""The official-document (公文) type that every Word file of Fulian uses (GB/T 9704—2012 style): sizes,
line pitch, the fonts (configurable in settings.FULIAN, for readers without 方正小标宋), and setting a run's
Chinese font. The annual summary (`fulian/reports/summary/docx.py`) and the assessment exports lay out
their documents with these."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .text import add_text

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LINE = Pt(28.95)


def fonts() -> dict[str, str]:
    conf = getattr(settings, "FULIAN", {})
    return {
        "title": conf.get("DOC_TITLE_FONT", "方正小标宋简体"),
        "body": conf.get("DOC_BODY_FONT", "仿宋"),
        "h1": conf.get("DOC_H1_FONT", "黑体"),
        "h2": conf.get("DOC_H2_FONT", "楷体"),
        "page": "宋体",
    }


def set_font(run, east_asian: str, size, bold: bool = False) -> None:
    """Size, weight and fonts of a run: the Chinese font for East Asian text, Times New Roman for the rest."""
    run.font.size = size
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:ascii"), "Times New Roman")
    rfonts.set(qn("w:hAnsi"), "Times New Roman")


def paragraph(
    doc: Any,
    text: str,
    font: str,
    size: Any = SIZE_3,
    *,
    center: bool = False,
    bold: bool = False,
    indent: bool = True,
) -> Any:
    """One run of text as a paragraph: centred (a title), else indented two characters of 三号 (the body)."""
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(32)
    set_font(add_text(p, text), font, size, bold=bold)
    return p


def docx_response(doc: Any, filename: str) -> HttpResponse:
    """The document as a download named `filename` (any characters: RFC 5987)."""
    buf = io.BytesIO()
    doc.save(buf)
    resp = HttpResponse(buf.getvalue(), content_type=DOCX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp
