"""The donation receipt (捐赠收据) as Word in the official layout (fulian.core.officialdoc; text through
core.text.add_text). It only lays out what the donation holds."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from fulian.core.formatting import money
from fulian.core.officialdoc import SIZE_2, SIZE_3, fonts, set_font
from fulian.core.text import add_text
from fulian.orgs.names import common_name

from .models import Donation, Kind, Status

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _para(doc, text: str, font: str, size=SIZE_3, *, align=None, bold=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    else:
        p.paragraph_format.first_line_indent = Pt(32)
    set_font(add_text(p, text), font, size, bold=bold)
    return p


def receipt_lines(donation: Donation) -> list[str]:
    what, value = ("捐款", "金额") if donation.kind == Kind.MONEY else ("捐赠物资", "折价")
    lines = [f"今收到{donation.donor}{what}，{value}人民币{money(donation.amount)}元。"]
    items = list(donation.items.all())
    if items:
        lines.append(
            "物资明细：" + "；".join(f"{i.name}{i.quantity.normalize():f}{i.measure}" for i in items) + "。"
        )
    if donation.purpose:
        lines.append(f"捐赠用途：{donation.purpose}。")
    lines.append(f"入账：{donation.fund.name}。")
    lines.append("衷心感谢您对妇女儿童事业的关心和支持！")
    if donation.status == Status.CANCELLED:
        lines.append(f"本收据已作废（{donation.cancel_reason}）。")
    return lines


def receipt_docx(donation: Donation) -> HttpResponse:
    doc = Document()
    f = fonts()
    _para(doc, "捐赠收据", f["title"], SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"编号：{donation.receipt_number}", f["body"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    for line in receipt_lines(donation):
        _para(doc, line, f["body"])
    unit = common_name(donation.fund.unit.name)
    _para(doc, f"{unit}妇女联合会（盖章）", f["body"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    day = donation.received_on
    _para(doc, f"{day.year}年{day.month}月{day.day}日", f["body"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    resp = HttpResponse(buf.getvalue(), content_type=DOCX)
    filename = f"捐赠收据{donation.receipt_number}.docx"
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp
