"""Writes of 创建 (see models_creation): 申报 by the holder's side (`honours.nominate`), then 受理 or 不予
受理, 验收 (命名 or not), 复查 (合格, or 撤销称号) by the unit it was declared to (`honours.review` on
`supervisor_path`). Every step is a `CreationStep` row with its date, the acting user and the reason of a
refusal; 命名 records the title as an `Award` (the rules, the history and the figures read it), and a
failed 复查 marks that award revoked. Keyword-only, atomic, validated, audited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require, scope_for

from .capabilities import NOMINATE, REVIEW
from .models import Award, Campaign, Creation, CreationStep, HonourKind, HonourLevel
from .selectors import same_holder_q
from .services import _holder_fields

if TYPE_CHECKING:
    from fulian.accounts.models import User

S = Creation.Status
Step = CreationStep.Step

# step -> (the states it may follow, the state it leads to)
MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    Step.ACCEPT: ((S.APPLIED,), S.BUILDING),
    Step.REFUSE: ((S.APPLIED,), S.REFUSED),
    Step.NAME: ((S.BUILDING,), S.NAMED),
    Step.NAME_FAILED: ((S.BUILDING,), S.BUILDING),
    Step.REVIEW_PASSED: ((S.NAMED,), S.NAMED),
    Step.REVIEW_FAILED: ((S.NAMED,), S.REVOKED),
}

STEP_CHOICES = [(step.value, step.label) for step in Step if step in MOVES]


def _date(on: datetime.date | None, field: str = "on") -> datetime.date:
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({field: "日期不能晚于今天"})
    return day


def _log(creation: Creation, step: str, *, user: User, on: datetime.date, note: str = "") -> CreationStep:
    row = CreationStep(creation=creation, step=step, on=on, note=note.strip(), by=user)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def creation_apply(
    *,
    user: User,
    kind: HonourKind,
    level: int,
    unit,
    supervisor=None,
    campaign: Campaign | None = None,
    person=None,
    village=None,
    holder_name: str = "",
    staff_total: int | None = None,
    staff_women: int | None = None,
    plan: str = "",
    applied_on: datetime.date | None = None,
) -> Creation:
    """申报: a unit (or a family through its registry person) declares it is working toward a title, to
    the campaign's unit when it answers a 创建 round, else to the `supervisor` it names."""
    if campaign is not None:
        if campaign.kind_id != kind.pk or campaign.level != level:
            raise ValidationError(
                {"campaign": f"“{campaign}”不是{HonourLevel(level).label}“{kind}”的创建活动"}
            )
        supervisor = campaign.unit
    if supervisor is None:
        raise ValidationError({"supervisor": "请选择受理命名单位"})
    holder = _holder_fields(kind, person=person, village=village, holder_name=holder_name, unit=unit)
    if not holder["unit_path"].startswith(supervisor.path):
        raise ValidationError({"supervisor": f"{holder['holder_name']}不在{supervisor.name}范围内"})
    creation = Creation(
        kind=kind,
        level=level,
        campaign=campaign,
        supervisor=supervisor,
        supervisor_path=supervisor.path,
        applied_on=_date(applied_on, "applied_on"),
        plan=plan,
        holder_type=kind.holder_type,
        staff_total=staff_total,
        staff_women=staff_women,
        created_by=user,
        **holder,
    )
    if not scope_for(user).covers(NOMINATE, creation.unit_path):  # unsaved: the scope rule needs a row
        raise PermissionDenied("您的角色无权执行此操作")
    creation.full_clean()
    live = Creation.objects.filter(kind=kind, level=level, status__in=[S.APPLIED, S.BUILDING, S.NAMED])
    if live.filter(same_holder_q(creation)).exists():
        raise ValidationError(f"{creation.shown_name}已在创建或已命名{HonourLevel(level).label}“{kind}”")
    creation.save()
    _log(creation, Step.APPLY, user=user, on=creation.applied_on)
    return creation


@transaction.atomic
def creation_step(
    *,
    user: User,
    creation: Creation,
    step: str,
    on: datetime.date | None = None,
    note: str = "",
    next_review_on: datetime.date | None = None,
    awarding_body: str = "",
    certificate_number: str = "",
) -> Creation:
    """One step after 申报, by the unit it was declared to. A refusal (不予受理, 验收不合格, 复查不合格)
    needs its reason; 命名 records the award; 复查不合格 revokes it."""
    require(user, REVIEW, creation)
    if step not in MOVES:
        raise ValidationError({"step": "请选择办理环节"})
    after, target = MOVES[step]
    if creation.status not in after:
        label = Step(step).label
        raise ValidationError(f"该单位状态为“{creation.get_status_display()}”，不能办理“{label}”")
    day = _date(on)
    last = creation.steps.order_by("-on", "-id").first()
    if last is not None and day < last.on:
        raise ValidationError({"on": f"日期不能早于上一环节（{last.on:%Y年%m月%d日}）"})
    if next_review_on is not None and next_review_on <= day:
        raise ValidationError({"next_review_on": "下次复查日期须晚于办理日期"})
    _log(creation, step, user=user, on=day, note=note)
    if step == Step.NAME:
        creation.award = _name(
            user=user, creation=creation, on=day, body=awarding_body, number=certificate_number
        )
    if step == Step.REVIEW_FAILED and creation.award is not None:
        creation.award.revoked_on, creation.award.revoke_reason = day, f"复查不合格：{note.strip()}"[:300]
        creation.award.save()
    if step in (Step.NAME, Step.REVIEW_PASSED):
        creation.next_review_on = next_review_on
    elif target != S.BUILDING:
        creation.next_review_on = None
    creation.status = target
    creation.full_clean()
    creation.save()
    return creation


def _name(*, user: User, creation: Creation, on: datetime.date, body: str, number: str) -> Award:
    award = Award(
        kind=creation.kind,
        level=creation.level,
        year=on.year,
        awarded_on=on,
        awarding_body=body.strip()
        or (creation.campaign.awarding_body if creation.campaign else f"{creation.supervisor.name}妇联"),
        campaign=creation.campaign,
        certificate_number=number,
        holder_type=creation.holder_type,
        person=creation.person,
        village=creation.village,
        holder_name=creation.holder_name,
        staff_total=creation.staff_total,
        staff_women=creation.staff_women,
        unit_path=creation.unit_path,
        created_by=user,
    )
    award.full_clean()
    award.save()
    return award
