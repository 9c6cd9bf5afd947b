"""Reads of questionnaires: results (counts, satisfaction per village and overall) and the figures the
reports and the 数据自动 rubric items use.

Satisfaction rate = answers of 4 (满意) or 5 (很满意) to the 1–5 questions ÷ all answers to them × 100.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.db.models.functions import Substr

from fulian.core.scoping import visible

from .models import Answer, Question, Questionnaire, Response

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "surveys.view"

FIGURE_META = {
    "surveys.responses": ("问卷答卷", "份", "count"),
    "surveys.satisfaction": ("群众满意度", "%", "share"),
}


def rate(satisfied: int, rated: int) -> Decimal | None:
    if not rated:
        return None
    return (Decimal(satisfied) * 100 / rated).quantize(Decimal("0.1"))


def _rating_counts(answers):
    return rated(answers).aggregate(rated=Count("id"), satisfied=Count("id", filter=Q(rating__gte=4)))


def counted_rows(*, user: User, unit, start=None, end=None):
    """The responses and their answers the survey figures count (the records behind them too)."""
    responses = visible(user, Response, VIEW).filter(village_path__startswith=unit.path)
    if start:
        responses = responses.filter(submitted_at__date__gte=start)
    if end:
        responses = responses.filter(submitted_at__date__lte=end)
    return responses, Answer.objects.filter(response__in=responses.values("pk"))


def rated(answers):
    """The answers a satisfaction rate counts: ratings given (satisfied: 4 or 5)."""
    return answers.filter(question__kind=Question.Kind.RATING, rating__isnull=False)


def figures(*, user: User, unit, start=None, end=None, group_by_child: bool = False) -> dict:
    """surveys.responses and surveys.satisfaction (a percentage, 1 decimal) for the unit's subtree over
    the period (by submission date); by child unit with group_by_child."""
    responses, answers = counted_rows(user=user, unit=unit, start=start, end=end)
    if not group_by_child:
        c = _rating_counts(answers)
        out: dict[str, int | Decimal] = {"surveys.responses": responses.count()}
        r = rate(c["satisfied"], c["rated"])
        if r is not None:
            out["surveys.satisfaction"] = r
        return out
    n = len(unit.path) + type(unit).steplen
    children = {
        c.path: c.pk for c in type(unit).objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    }
    result: dict = defaultdict(dict)
    for row in (
        responses.annotate(k=Substr("village_path", 1, n)).order_by().values("k").annotate(c=Count("id"))
    ):
        result[children.get(row["k"], unit.pk)]["surveys.responses"] = row["c"]
    for row in (
        rated(answers)
        .annotate(k=Substr("response__village_path", 1, n))
        .order_by()
        .values("k")
        .annotate(rated=Count("id"), satisfied=Count("id", filter=Q(rating__gte=4)))
    ):
        r = rate(row["satisfied"], row["rated"])
        if r is not None:
            result[children.get(row["k"], unit.pk)]["surveys.satisfaction"] = r
    return dict(result)


@dataclass
class QuestionResult:
    question: Question
    counts: dict = field(default_factory=dict)  # option or rating -> n
    texts: list = field(default_factory=list)
    satisfaction: Decimal | None = None


@dataclass
class Results:
    responses: int
    satisfaction: Decimal | None
    by_village: list  # (village name, responses, satisfaction)
    questions: list


def results(*, user: User, questionnaire: Questionnaire) -> Results:
    """Counts per option, ratings and satisfaction per village and overall; within the user's scope."""
    responses = visible(user, questionnaire.responses.all(), VIEW)
    answers = Answer.objects.filter(response__in=responses.values("pk")).select_related("question")
    questions = list(questionnaire.questions.all())
    per_q = {q.pk: QuestionResult(q) for q in questions}
    for a in answers.order_by("id"):
        r = per_q[a.question_id]
        if a.rating is not None:
            r.counts[a.rating] = r.counts.get(a.rating, 0) + 1
        for c in a.choices:
            r.counts[c] = r.counts.get(c, 0) + 1
        if a.text:
            r.texts.append(a.text)
    for r in per_q.values():
        if r.question.kind == Question.Kind.RATING:
            total = sum(r.counts.values())
            r.satisfaction = rate(r.counts.get(4, 0) + r.counts.get(5, 0), total)
    overall = _rating_counts(answers)
    villages = []
    rated = (
        answers.filter(question__kind=Question.Kind.RATING, rating__isnull=False)
        .order_by()
        .values("response__village__name", "response__village__path")
        .annotate(rated=Count("id"), satisfied=Count("id", filter=Q(rating__gte=4)))
    )
    counts = {
        row["village__name"]: row["c"]
        for row in responses.order_by().values("village__name").annotate(c=Count("id"))
    }
    for row in sorted(rated, key=lambda r: r["response__village__path"]):
        name = row["response__village__name"]
        villages.append((name, counts.get(name, 0), rate(row["satisfied"], row["rated"])))
    return Results(
        responses.count(), rate(overall["satisfied"], overall["rated"]), villages, list(per_q.values())
    )
