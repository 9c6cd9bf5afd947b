"""The official-document (公文) type that every Word file of Fulian uses (GB/T 9704—2012 style): sizes,
line pitch, the fonts (configurable in settings.FULIAN, for readers without 方正小标宋), and setting a run's
Chinese font. The annual summary (`fulian/reports/summary/docx.py`) and the assessment exports lay out
their documents with these."""

from __future__ import annotations

from django.conf import settings
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
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
