"""The case workbook (导出): the record, referrals, warnings and orders, follow-ups and history. Written by
the one Excel writer (fulian.core.spreadsheets.export: text that looks like a formula stays text, times
in local time, unsafe characters removed)."""

from __future__ import annotations

from typing import Any

from fulian.core.spreadsheets.export import Book

from .models import Case


def _sheet(book: Book, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.sheet(title, widths=[18] * len(header))
    sheet.row(header, bold=True)
    sheet.rows(rows)


def case_workbook(case: Case, parts: dict) -> bytes:
    book = Book()
    record = book.sheet("案件", widths=[16, 60])
    person = case.person
    rows = [
        ("编号", case.number),
        ("性质", case.get_kind_display()),
        ("承办单位", case.handling_unit.name),
        ("所在村(社区)", case.village.name),
        ("当事人", person.name),
        ("身份证号", person.id_number_masked),
        ("来源渠道", case.get_channel_display()),
        ("转介来源", case.get_referred_by_display()),
        ("类型", case.get_type_display()),
        ("被反映人", case.respondent_name),
        ("与当事人关系", case.get_respondent_relation_display()),
        ("反映情况", case.narrative),
        ("当事人诉求", case.request),
        ("受理时间", case.received_at),
        ("风险等级", case.get_risk_level_display()),
        ("状态", case.get_status_display()),
        ("结案时间", case.closed_at),
        ("办理结果", case.get_outcome_display()),
        ("当事人满意度", case.get_satisfaction_display()),
        ("结案说明", case.closing_note),
    ]
    record.rows(rows)
    _sheet(
        book,
        "转介",
        ["转介单位", "转介日期", "转介事项", "办理状态", "办理结果", "办结日期"],
        [
            [r.body.name, r.referred_on, r.asked, r.get_status_display(), r.outcome, r.closed_on]
            for r in parts["referrals"]
        ],
    )
    _sheet(
        book,
        "告诫书与保护令",
        [
            "类别",
            "单位",
            "申请人",
            "申请时间",
            "紧急",
            "裁定期限",
            "裁定",
            "裁定时间",
            "出具日期",
            "生效",
            "有效期至",
        ],
        [
            [
                m.get_kind_display(),
                m.body.name,
                m.get_applicant_display(),
                m.applied_at,
                "是" if m.urgent else "",
                m.decision_due_at,
                m.get_decision_display(),
                m.decided_at,
                m.issued_on,
                m.valid_from,
                m.valid_until,
            ]
            for m in parts["measures"]
        ],
    )
    _sheet(
        book,
        "回访",
        ["回访日期", "方式", "回访情况", "下次回访"],
        [[f.visited_on, f.get_method_display(), f.note, f.next_visit_on] for f in parts["followups"]],
    )
    _sheet(
        book,
        "办理记录",
        ["时间", "操作", "操作人", "说明"],
        [[e.at, e.get_action_display(), str(e.by or ""), e.note] for e in parts["events"]],
    )
    return book.save()
