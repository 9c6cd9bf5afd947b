"""The records behind the survey figures (fulian/core/traces.py): the responses, and for the
satisfaction rate the ratings it is computed from (satisfied: 4 or 5 of 5). Respondents are not named."""

from __future__ import annotations

from fulian.core.traces import Column, Part, Trace

from . import selectors

RESPONSE_COLUMNS = (
    Column("提交时间", lambda r: r.submitted_at.date()),
    Column("问卷", lambda r: r.questionnaire.title),
    Column("村(社区)", lambda r: r.village.name),
)
RATING_COLUMNS = (
    Column("提交时间", lambda a: a.response.submitted_at.date()),
    Column("村(社区)", lambda a: a.response.village.name),
    Column("题目", lambda a: a.question.text),
    Column("评分", lambda a: a.rating),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    responses, answers = selectors.counted_rows(user=user, unit=unit, start=start, end=end)
    if key == "surveys.responses":
        rows = responses.select_related("questionnaire", "village").order_by("submitted_at", "id")
        return Trace(key, [Part("答卷", rows, RESPONSE_COLUMNS)])
    if key == "surveys.satisfaction":
        rows = (
            selectors.rated(answers)
            .select_related("response__village", "question")
            .order_by("response__submitted_at", "id")
        )
        note = "满意度 = 评分为4分或5分的评分数 ÷ 全部评分数 × 100%。"
        return Trace(key, [Part("评分", rows, RATING_COLUMNS)], note=note)
    return None
