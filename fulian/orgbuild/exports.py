"""Downloads of an election: the results workbook (the seat arithmetic, every round, every candidate's
votes, the elected) through the one Excel writer, and the result announcement (选举结果公告) and filing
report (报备) as Word in the official layout (fulian.core.officialdoc, text through core.text.add_text);
the roster of a unit with its history as Excel. Renderers only lay out what the selectors give."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from fulian.core.officialdoc import SIZE_2, SIZE_3, docx_response, fonts, paragraph, set_font
from fulian.core.pinyin import stroke_key
from fulian.core.spreadsheets.export import Book
from fulian.core.text import add_text

from . import selectors
from .models import Contest, Election, Step
from .rules import METHODS


def _day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def results_book(election: Election) -> Book:
    book = Book()
    sheet = book.sheet("名额分配", widths=[16, 12, 12, 10, 14, 10, 12, 10])
    sheet.row(
        [f"{election.title}妇女代表名额分配（{METHODS.get(election.seat_method, '')}）"], bold=True, span=8
    )
    sheet.row(
        ["单位", "成年妇女", "人数来源", "保底名额", "按比例份额", "整数部分", "余数", "名额"], bold=True
    )
    for s in election.shares.select_related("group"):
        rest = election.representative_seats - election.shares.count()
        total_women = sum(x.women for x in election.shares.all()) or 1
        quota = rest * s.women / total_women
        sheet.row(
            [
                s.group.name,
                s.women,
                "服务对象库" if s.from_registry else "手工填写",
                1,
                round(quota, 4),
                int(quota),
                round(quota - int(quota), 4),
                s.seats,
            ]
        )
    votes = book.sheet("投票", widths=[12, 10, 8, 12, 8, 8, 8, 8, 8, 30])
    votes.row(
        ["选举职务", "村民小组", "轮次", "日期", "应到", "实到", "发出", "收回", "有效", "无效原因"],
        bold=True,
    )
    for v in selectors.rounds(election=election):
        r = v.round
        group = r.group.name if r.group_id else ""
        votes.row(
            [
                r.get_contest_display(),
                group,
                r.number,
                r.held_on,
                r.entitled,
                r.present,
                v.issued,
                v.returned,
                v.valid,
                r.problems,
            ]
        )
    cands = book.sheet("候选人得票", widths=[12, 12, 12, 8, 10])
    cands.row(["姓名", "选举职务", "推选单位", "得票", "结果"], bold=True)
    for c in election.candidates.select_related("person", "group").order_by("contest", "-votes", "id"):
        cands.row(
            [
                c.person.name,
                c.get_contest_display(),
                c.group.name if c.group_id else "",
                c.votes,
                c.get_outcome_display(),
            ]
        )
    elected = book.sheet("当选名单", widths=[12, 12, 12, 8])
    elected.row(["职务", "姓名", "推选单位", "得票"], bold=True)
    for label, rows in selectors.elected(election=election).items():
        for c in rows:
            elected.row([label, c.person.name, c.group.name if c.group_id else "", c.votes])
    return book


def results_xlsx(election: Election) -> HttpResponse:
    return results_book(election).response(f"{election.title}选举结果.xlsx")


def _doc():
    doc = Document()
    return doc, fonts()


def _response(doc, filename: str) -> HttpResponse:
    resp = docx_response(doc, filename)
    resp["Cache-Control"] = "no-store"
    return resp


def _names(cands) -> str:
    return "、".join(sorted((c.person.name for c in cands), key=stroke_key))


def result_lines(election: Election) -> list[str]:
    """The announcement's body: the congress, the vote, the elected (执委 by strokes of the surname)."""
    elected = selectors.elected(election=election)
    steps = {s.kind: s for s in election.steps.all()}
    lines = []
    congress = steps.get(Step.Kind.CONGRESS)
    committee_round = (
        election.rounds.filter(contest=Contest.COMMITTEE, problems="").order_by("number").first()
    )
    if congress is not None:
        text = f"{election.unit.name}妇女代表大会于{_day(congress.done_on)}召开"
        if committee_round is not None:
            text += (
                f"，应到代表{committee_round.entitled}名，实到{committee_round.present}名，超过应到人数的半数"
            )
        lines.append(text + "。")
    committee = elected[Contest.COMMITTEE.label]
    if committee:
        lines.append(
            f"经无记名投票选举，产生执行委员会委员{len(committee)}名（按姓氏笔画为序）：{_names(committee)}。"
        )
    first = steps.get(Step.Kind.FIRST_MEETING)
    chair, vice = elected[Contest.CHAIR.label], elected[Contest.VICE_CHAIR.label]
    if chair:
        when = f"{_day(first.done_on)}召开的" if first else ""
        text = f"{when}执行委员会第一次会议选举{_names(chair)}为主席"
        if vice:
            text += f"，{_names(vice)}为副主席"
        lines.append(text + "。")
    reps = elected[Contest.REPRESENTATIVE.label]
    if reps:
        lines.append(f"各单位推选产生妇女代表{len(reps)}名。")
    return lines


def announcement_docx(election: Election) -> HttpResponse:
    doc, f = _doc()
    paragraph(doc, f"{election.unit.name}妇女联合会选举结果公告", f["title"], SIZE_2, center=True)
    for line in [*result_lines(election), "特此公告。"]:
        paragraph(doc, line, f["body"])
    paragraph(
        doc, f"{election.unit.name}妇女联合会", f["body"], indent=False
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(
        doc, _day(election.vote_date or timezone.localdate()), f["body"], indent=False
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _response(doc, f"{election.title}选举结果公告.docx")


def filing_docx(election: Election) -> HttpResponse:
    doc, f = _doc()
    parent = type(election.unit).objects.get_parent(election.unit)
    kind = "改建" if election.kind == Election.Kind.RESTRUCTURE else "换届"
    paragraph(doc, f"关于{election.unit.name}妇联{kind}选举结果的报告", f["title"], SIZE_2, center=True)
    paragraph(doc, f"{parent.name if parent else ''}妇联：", f["body"], indent=False)
    for line in selectors.steps(election=election):
        if line.step is not None:
            s = line.step
            extra = f"，地点{s.place}" if s.place else ""
            extra += f"，参加{s.attendance}人" if s.attendance else ""
            paragraph(doc, f"{_day(s.done_on)}，{line.label}{extra}。", f["body"])
    paragraph(
        doc,
        f"妇女代表名额{election.representative_seats}名，按{METHODS.get(election.seat_method, '')}分配。",
        f["body"],
    )
    for line in result_lines(election):
        paragraph(doc, line, f["body"])
    paragraph(doc, "特此报告。", f["body"])
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["职务", "姓名", "得票"], strict=True):
        set_font(add_text(cell.paragraphs[0], text), f["h1"], Pt(12), bold=True)
    for label, rows in selectors.elected(election=election).items():
        for c in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, [label, c.person.name, str(c.votes or "")], strict=True):
                set_font(add_text(cell.paragraphs[0], text), f["body"], Pt(12))
    return _response(doc, f"{election.title}报备.docx")


def ballot_docx(rnd, candidates) -> HttpResponse:
    """The printable ballot of a round: the candidates by strokes of the surname, a box under each name,
    the rule on marks (more marks than seats makes the ballot void)."""
    doc, f = _doc()
    group = f"（{rnd.group.name}）" if rnd.group_id else ""
    title = f"{rnd.election.unit.name}{rnd.get_contest_display()}选举选票{group}"
    paragraph(doc, title, f["title"], SIZE_2, center=True)
    paragraph(doc, f"第{rnd.number}轮 · 应选{rnd.seats}名 · {_day(rnd.held_on)}", f["body"], center=True)
    names = sorted((c.person.name for c in candidates), key=stroke_key)
    table = doc.add_table(rows=2, cols=max(1, len(names)))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, names, strict=False):
        set_font(add_text(cell.paragraphs[0], name), f["body"], SIZE_3)
    paragraph(
        doc,
        f"说明：同意的在姓名下方的空格内画“○”，不同意的不画；所画“○”多于{rnd.seats}个的，本张选票无效。"
        "候选人按姓氏笔画排列。",
        f["body"],
        Pt(12),
    )
    return _response(doc, f"{title}.docx")


def roster_xlsx(unit, members) -> HttpResponse:
    book = Book()
    sheet = book.sheet("妇联成员", widths=[12, 14, 12, 12, 12, 20, 20])
    sheet.row([f"{unit.name}妇联成员及任职历史"], bold=True, span=7)
    sheet.row(["姓名", "职务", "任职日期", "任期届满", "产生方式", "任职原因", "离任原因"], bold=True)
    for m in members:
        rec = getattr(m, "post_record", None)
        sheet.row(
            [
                m.name,
                m.get_position_display(),
                m.term_start,
                m.term_end,
                rec.get_how_display() if rec else "",
                rec.reason if rec else "",
                rec.removed_reason if rec else "",
            ]
        )
    return book.response(f"{unit.name}妇联成员.xlsx")
