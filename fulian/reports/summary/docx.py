"""The summary as a Word file in the official document format (GB/T 9704—2012 style).

A4; margins 37 mm top, 35 mm bottom, 28 mm left (订口), 26 mm right, which leaves the 156 × 225 mm type area;
title in 2号 小标宋 (宋体 where the reader lacks it) centred; body in 3号 仿宋, 22 lines a page (fixed
28.95 pt line spacing), first lines indented two characters; 一级标题 一、 in 黑体, 二级 （一） in 楷体;
page numbers in 4号 宋体 as "— 1 —", odd pages at the right and even pages at the left; the issuing
unit and the date (Arabic numerals) at the end, right-aligned.
The renderer lays out what it is given; it counts nothing.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fulian.core.formatting import chinese_ordinal
from fulian.core.officialdoc import LINE, SIZE_2, SIZE_3, SIZE_4, fonts, set_font
from fulian.core.summary import plain
from fulian.core.text import add_text


def _paragraph(doc, *, indent: bool = True, align=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        p.alignment = align
    return p


def _page_number_footer(footer, align, font: str) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)  # 空一字
    else:
        p.paragraph_format.left_indent = Pt(14)
    set_font(p.add_run("— "), font, SIZE_4)
    run = p.add_run()
    set_font(run, font, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    set_font(p.add_run(" —"), font, SIZE_4)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    doc.settings.odd_and_even_pages_header_footer = True
    f = fonts()
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, f["page"])
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, f["page"])
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr()
    rpr = normal.element.rPr
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), f["body"])


def outline(draft) -> list[tuple[str, str]]:
    """The document as (kind, text) lines: title, h1, h2, body, signature, date. Shared with the HTML view."""
    from .generator import area_title

    paragraphs = list(draft.paragraphs.order_by("order", "id"))
    lines: list[tuple[str, str]] = [("title", draft.title)]
    for p in paragraphs:
        if p.part == "opening":
            lines.append(("body", _text(p)))
    n = 0
    current_area = None
    sub = 0
    last_heading = None
    for p in paragraphs:
        if p.part != "section":
            continue
        if p.area != current_area:
            n += 1
            sub = 0
            current_area = p.area
            last_heading = None
            lines.append(("h1", f"{chinese_ordinal(n)}、{area_title(p.area)}"))
        if p.heading and p.heading != last_heading:
            sub += 1
            last_heading = p.heading
            lines.append(("h2", f"（{chinese_ordinal(sub)}）{p.heading}"))
        lines.append(("body", _text(p)))
    for part, heading in (("problems", "存在的问题"), ("plans", "下一步工作打算")):
        body = [p for p in paragraphs if p.part == part]
        if body:
            n += 1
            lines.append(("h1", f"{chinese_ordinal(n)}、{heading}"))
            lines.extend(("body", _text(p)) for p in body)
    if draft.signature:
        lines.append(("signature", draft.signature))
    if draft.signed_on:
        d = draft.signed_on
        lines.append(("date", f"{d.year}年{d.month}月{d.day}日"))
    return lines


def _text(p) -> str:
    return p.edited_text if p.edited_text is not None else plain(p.generated_text)


def render_docx(draft) -> bytes:
    doc = Document()
    _setup(doc)
    f = fonts()
    body_started = False
    for kind, text in outline(draft):
        if kind == "title":
            p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.line_spacing = Pt(35)
            set_font(add_text(p, text), f["title"], SIZE_2)
            _paragraph(doc, indent=False)  # one blank line between title and body
        elif kind == "h1":
            set_font(add_text(_paragraph(doc), text), f["h1"], SIZE_3)
        elif kind == "h2":
            set_font(add_text(_paragraph(doc), text), f["h2"], SIZE_3)
        elif kind == "body":
            body_started = True
            for line in text.splitlines() or [""]:
                if line.strip():
                    set_font(add_text(_paragraph(doc), line.strip()), f["body"], SIZE_3)
        elif kind == "signature":
            if body_started:
                _paragraph(doc, indent=False)
                _paragraph(doc, indent=False)
            p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(64)
            set_font(add_text(p, text), f["body"], SIZE_3)
        elif kind == "date":
            p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(64)
            set_font(add_text(p, text), f["body"], SIZE_3)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
