"""Downloads of a campaign: the nominations and awards as Excel (the one writer, core/spreadsheets/export),
the commendation decision (表彰决定, the lists by 姓氏笔画) and the certificates (荣誉证书, one page each)
as Word in the official layout (core/officialdoc, text through core.text.add_text)."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from fulian.core.officialdoc import SIZE_2, fonts, paragraph
from fulian.core.spreadsheets.export import Book

from . import selectors
from .models import COLLECTIVE_TYPES, Campaign, HolderType


def nominations_book(campaign: Campaign, nominations) -> Book:
    book = Book()
    sheet = book.sheet("推荐对象", widths=[6, 24, 10, 16, 12, 10, 10, 40, 14])
    sheet.row([f"{campaign.title}推荐对象"], bold=True, span=9)
    sheet.row(
        ["序号", "名称", "类型", "推荐单位", "状态", "职工总数", "其中女性", "资格审查", "证书编号"],
        bold=True,
    )
    for i, n in enumerate(nominations, start=1):
        award = getattr(n, "award", None) if n.status == n.Status.AWARDED else None
        sheet.row(
            [
                i,
                n.shown_name,
                n.get_holder_type_display(),
                n.nominated_by.name,
                n.get_status_display(),
                n.staff_total,
                n.staff_women,
                "；".join(("✓" if c.passed else "✗") + c.text for c in selectors.checks(n)),
                award.certificate_number if award else "",
            ]
        )
    return book


def _day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def decision_lists(campaign: Campaign) -> list[tuple[str, list[str]]]:
    """(heading, names by 姓氏笔画) for collectives, then individuals and families."""
    awards = list(campaign.awards.all())
    title = f"{campaign.get_level_display()}{campaign.kind.name}"
    groups = [
        ("集体", "个", [a for a in awards if a.holder_type in COLLECTIVE_TYPES]),
        ("个人", "名", [a for a in awards if a.holder_type == HolderType.PERSON]),
        ("家庭", "户", [a for a in awards if a.holder_type == HolderType.FAMILY]),
    ]
    return [
        (
            f"{title}（{label}，{len(rows)}{word}）",
            [a.shown_name for a in selectors.stroke_sorted(rows)],
        )
        for label, word, rows in groups
        if rows
    ]


def decision(campaign: Campaign):
    doc, f = Document(), fonts()
    paragraph(doc, f"关于表彰{campaign.year}年度{campaign.kind.name}的决定", f["title"], SIZE_2, center=True)
    if campaign.decision_number:
        paragraph(doc, campaign.decision_number, f["body"], center=True)
    total = campaign.awards.count()
    paragraph(
        doc,
        f"为表彰先进、树立典型，经基层推荐、资格审查、审核和公示，{campaign.awarding_body}决定授予以下"
        f"{total}个对象“{campaign.get_level_display()}{campaign.kind.name}”称号。希望受到表彰的先进再接再厉，"
        "充分发挥示范引领作用。",
        f["body"],
    )
    for heading, names in decision_lists(campaign):
        paragraph(doc, heading, f["h1"], indent=False)
        paragraph(doc, "　".join(names), f["body"])
    paragraph(doc, "（名单按姓氏笔画排序）", f["body"], indent=False)
    if campaign.awarded_on:
        paragraph(
            doc, f"{campaign.awarding_body}\n{_day(campaign.awarded_on)}", f["body"], indent=False
        ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def certificates(campaign: Campaign):
    """One certificate a page, in the order of the decision."""
    doc, f = Document(), fonts()
    awards = selectors.stroke_sorted(list(campaign.awards.all()))
    for i, a in enumerate(awards):
        paragraph(doc, "荣誉证书", f["title"], SIZE_2, center=True)
        paragraph(doc, a.shown_name + "：", f["body"], indent=False)
        paragraph(
            doc,
            f"被评为{a.year}年度“{a.get_level_display()}{a.kind.name}”，特发此证，以资鼓励。",
            f["body"],
        )
        p = paragraph(doc, f"{a.awarding_body}\n{_day(a.awarded_on)}", f["body"], indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph(doc, f"证书编号：{a.certificate_number}", f["body"], indent=False)
        if i < len(awards) - 1:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    return doc
