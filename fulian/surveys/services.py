"""Writes of questionnaires: the builder, links (one-use, or one per sampled respondent) and answering
through a link. Refusals are in Chinese; nothing is half-saved."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fulian.core.scoping import can, scope_for
from fulian.core.text import clean_text
from fulian.orgs.models import Level, OrgUnit

from .models import Answer, Link, Question, Questionnaire, Response

if TYPE_CHECKING:
    from fulian.accounts.models import User

MANAGE = "surveys.manage"


def _require(user: User, obj) -> None:
    allowed = scope_for(user).covers(MANAGE, obj.unit.path) if obj.pk is None else can(user, MANAGE, obj)
    if not allowed:
        raise PermissionDenied("您的角色无权执行此操作")


@transaction.atomic
def questionnaire_create(
    *, user: User, unit: OrgUnit, title: str, intro: str = "", assessment=None
) -> Questionnaire:
    """A new questionnaire of a unit (optionally for an assessment)."""
    q = Questionnaire(
        unit=unit, title=title.strip(), intro=intro.strip(), assessment=assessment, created_by=user
    )
    _require(user, q)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def question_add(
    *, user: User, questionnaire: Questionnaire, text: str, kind: str, required: bool = True, options=()
) -> Question:
    """Add a question; refused once answers exist (the results would no longer compare)."""
    _require(user, questionnaire)
    if questionnaire.responses.exists():
        raise ValidationError("问卷已有答卷，不能再修改题目")
    order = questionnaire.questions.count() + 1
    q = Question(
        questionnaire=questionnaire,
        order=order,
        text=text.strip(),
        kind=kind,
        required=required,
        options=[str(o).strip() for o in options if str(o).strip()],
    )
    q.full_clean()
    q.save()
    return q


def _village(questionnaire, village: OrgUnit) -> None:
    if village.level != Level.VILLAGE or not village.path.startswith(questionnaire.unit.path):
        raise ValidationError({"village": f"{village.name}不在本问卷的范围内"})


@transaction.atomic
def links_create(
    *,
    user: User,
    questionnaire: Questionnaire,
    village: OrgUnit,
    count: int = 1,
    max_uses: int = 1,
    expires_at: datetime | None = None,
) -> list[Link]:
    """Links for a village, each usable `max_uses` times until it expires (default 7 days)."""
    _require(user, questionnaire)
    _village(questionnaire, village)
    if not 1 <= count <= 500:
        raise ValidationError({"count": "一次可生成1到500个链接"})
    if max_uses < 1:
        raise ValidationError({"max_uses": "可用次数至少为1"})
    expires_at = expires_at or timezone.now() + timedelta(days=7)
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": "有效期须晚于现在"})
    return Link.objects.bulk_create(
        Link(
            questionnaire=questionnaire,
            village=village,
            max_uses=max_uses,
            expires_at=expires_at,
            created_by=user,
        )
        for _ in range(count)
    )


@transaction.atomic
def links_for_draw(
    *, user: User, questionnaire: Questionnaire, draw, expires_at: datetime | None = None
) -> list[Link]:
    """One one-use link for each woman the draw picked (limited to the sampled respondents)."""
    from fulian.people.models import Person

    _require(user, questionnaire)
    if not draw.is_current:
        raise ValidationError("该抽取结果已作废")
    expires_at = expires_at or timezone.now() + timedelta(days=7)
    people = Person.objects.filter(pk__in=draw.person_ids()).select_related("village")
    existing = set(
        Link.objects.filter(questionnaire=questionnaire, draw=draw).values_list("person_id", flat=True)
    )
    return Link.objects.bulk_create(
        Link(
            questionnaire=questionnaire,
            village=p.village,
            draw=draw,
            person=p,
            max_uses=1,
            expires_at=expires_at,
            created_by=user,
        )
        for p in people
        if p.pk not in existing
    )


class LinkRefused(Exception):
    """A link that cannot be answered: the message says why (shown on a clear page)."""


def link_check(link: Link | None) -> Link:
    if link is None:
        raise LinkRefused("该问卷链接不存在")
    if link.is_expired:
        raise LinkRefused(f"该问卷链接已于{timezone.localtime(link.expires_at):%Y年%m月%d日 %H:%M}过期")
    if link.used >= link.max_uses:
        raise LinkRefused("该问卷链接已使用过，不能重复提交")
    if link.draw_id is not None:
        draw = link.draw
        assert draw is not None  # draw_id is set
        if not draw.is_current or (link.person_id and link.person_id not in draw.person_ids()):
            raise LinkRefused("该链接不在本次抽样范围内")
    return link


def _answer(q: Question, raw: list[str]) -> dict | None:
    values = [v.strip() for v in raw if v and v.strip()]
    if not values:
        if q.required:
            raise ValidationError({f"q{q.pk}": f"请回答：{q.text}"})
        return None
    if q.kind == Question.Kind.SINGLE:
        if len(values) != 1 or values[0] not in q.options:
            raise ValidationError({f"q{q.pk}": f"“{q.text}”请选择一个选项"})
        return {"choices": values}
    if q.kind == Question.Kind.MULTIPLE:
        if any(v not in q.options for v in values):
            raise ValidationError({f"q{q.pk}": f"“{q.text}”的选项无效"})
        return {"choices": sorted(set(values), key=q.options.index)}
    if q.kind == Question.Kind.RATING:
        if values[0] not in {"1", "2", "3", "4", "5"}:
            raise ValidationError({f"q{q.pk}": f"“{q.text}”请选择1到5分"})
        return {"rating": int(values[0])}
    if len(values[0]) > 2000:
        raise ValidationError({f"q{q.pk}": f"“{q.text}”的回答过长"})
    try:
        text = clean_text(values[0], multiline=True)
    except ValidationError as exc:
        raise ValidationError({f"q{q.pk}": f"“{q.text}”{exc.messages[0]}"}) from exc
    return {"text": text}


@transaction.atomic
def response_submit(*, token: str, data) -> Response:
    """Answer through a link (no account). The link is locked for the duration, so a one-use link cannot be
    used twice by two phones at once; every required question must be answered."""
    link = (
        Link.objects.select_for_update(of=("self",))
        .select_related("questionnaire", "village", "draw")
        .filter(token=token)
        .first()
    )
    link = link_check(link)
    questions = list(link.questionnaire.questions.all())
    answers = {}
    for q in questions:
        a = _answer(q, data.getlist(f"q{q.pk}") if hasattr(data, "getlist") else data.get(f"q{q.pk}", []))
        if a is not None:
            answers[q] = a
    resp = Response.objects.create(
        questionnaire=link.questionnaire,
        link=link,
        village=link.village,
        village_path=link.village.path,
        draw=link.draw,
        person=link.person,
    )
    Answer.objects.bulk_create(Answer(response=resp, question=q, **a) for q, a in answers.items())
    Link.objects.filter(pk=link.pk).update(used=F("used") + 1)
    return resp
