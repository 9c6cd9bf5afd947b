"""The case workflow: assessment, handling, referrals, warnings, protection orders, follow-ups."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import risk
from ..models import (
    Case,
    CaseEvent,
    CaseReminder,
    FollowUp,
    ProtectionMeasure,
    Referral,
    ReferralBody,
    RiskAssessment,
)
from .common import Status, _advance, _event, _require_open

if TYPE_CHECKING:
    from fulian.accounts.models import User


@transaction.atomic
def case_assess(*, user: User, case: Case, answers: dict[str, bool], note: str = "") -> RiskAssessment:
    """Record a risk assessment; the case takes its level (a red case shows on the chair's home page)."""
    _require_open(case)
    unknown = set(answers) - risk.KEYS
    if unknown:
        raise ValidationError({"answers": f"未知的评估项：{'、'.join(sorted(unknown))}"})
    clean = {k: bool(answers.get(k)) for k in sorted(risk.KEYS)}
    level = risk.level_for(clean)
    assessment = RiskAssessment(case=case, answers=clean, level=level, note=note.strip(), assessed_by=user)
    assessment.full_clean()
    assessment.save()
    case.risk_level = level
    case.save(update_fields=["risk_level", "updated_at"])
    _advance(case, Status.ASSESSED)
    _event(case, CaseEvent.Action.ASSESS, user, f"风险等级：{case.get_risk_level_display()}")
    return assessment


@transaction.atomic
def case_handle(*, user: User, case: Case, note: str) -> CaseEvent:
    """Record a step of handling (处置): mediation, counselling, a safety plan …"""
    _require_open(case)
    if not note.strip():
        raise ValidationError({"note": "请填写处置情况"})
    _advance(case, Status.HANDLING)
    _event(case, CaseEvent.Action.HANDLE, user, note.strip())
    return case.events.latest("at", "id")


def _body_for(case: Case, body) -> ReferralBody:
    """The body from the managed list that serves the case's town, or a clear refusal."""
    if isinstance(body, ReferralBody):
        body_id: Any = body.pk
    else:
        body_id = body
    found = None
    if body_id not in (None, ""):
        try:
            found = ReferralBody.objects.select_related("unit").get(pk=int(body_id), is_active=True)
        except (ReferralBody.DoesNotExist, ValueError, TypeError):
            found = None
    if found is None or not case.handling_unit.path.startswith(found.unit.path):
        raise ValidationError(
            {"body": "转介单位不在本地转介单位名录中，请从名录中选择（新单位请先由管理员加入名录）"}
        )
    return found


@transaction.atomic
def referral_create(
    *, user: User, case: Case, body, asked: str, referred_on: datetime.date | None = None
) -> Referral:
    """Refer the case to a body on the managed list (公安, 法院, 司法所 …) with what was asked."""
    _require_open(case)
    referral = Referral(
        case=case,
        body=_body_for(case, body),
        asked=asked.strip(),
        referred_on=referred_on or timezone.localdate(),
        created_by=user,
    )
    referral.full_clean()
    referral.save()
    _advance(case, Status.REFERRED)
    _event(case, CaseEvent.Action.REFER, user, f"转介至{referral.body.name}")
    return referral


@transaction.atomic
def referral_update(
    *, user: User, referral: Referral, status: str, outcome: str, closed_on: datetime.date | None = None
) -> Referral:
    """Record what came of a referral."""
    referral.status = status
    referral.outcome = outcome.strip()
    referral.closed_on = (closed_on or timezone.localdate()) if status != Referral.Status.OPEN else None
    referral.full_clean()
    referral.save()
    _event(
        referral.case,
        CaseEvent.Action.REFERRAL_UPDATE,
        user,
        f"{referral.body.name}：{referral.get_status_display()}",
    )
    return referral


@transaction.atomic
def warning_record(
    *, user: User, case: Case, body, issued_on: datetime.date, note: str = ""
) -> ProtectionMeasure:
    """Record a police warning (告诫书) issued to the respondent."""
    _require_open(case)
    measure = ProtectionMeasure(
        case=case,
        kind=ProtectionMeasure.Kind.WARNING,
        body=_body_for(case, body),
        issued_on=issued_on,
        note=note.strip(),
        created_by=user,
    )
    measure.full_clean()
    measure.save()
    _event(case, CaseEvent.Action.MEASURE, user, f"告诫书（{measure.body.name}）")
    return measure


@transaction.atomic
def order_apply(
    *,
    user: User,
    case: Case,
    body,
    applicant: str,
    applied_at: datetime.datetime,
    urgent: bool = False,
    note: str = "",
) -> ProtectionMeasure:
    """Record an application for a protection order; the court's deadline (72 h, 24 h urgent) is set."""
    _require_open(case)
    measure = ProtectionMeasure(
        case=case,
        kind=ProtectionMeasure.Kind.ORDER,
        body=_body_for(case, body),
        applicant=applicant,
        applied_at=applied_at,
        urgent=urgent,
        decision=ProtectionMeasure.Decision.PENDING,
        note=note.strip(),
        created_by=user,
    )
    if applied_at:
        measure.decision_due_at = applied_at + ProtectionMeasure.decision_window(urgent)
    measure.full_clean()
    measure.save()
    _event(case, CaseEvent.Action.MEASURE, user, f"申请人身安全保护令（{measure.body.name}）")
    return measure


@transaction.atomic
def order_decide(
    *,
    user: User,
    measure: ProtectionMeasure,
    decision: str,
    decided_at: datetime.datetime,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> ProtectionMeasure:
    """Record the court's decision; a granted order runs at most six months."""
    if measure.kind != ProtectionMeasure.Kind.ORDER:
        raise ValidationError({"decision": "只有人身安全保护令需要登记裁定"})
    if decision not in {ProtectionMeasure.Decision.GRANTED, ProtectionMeasure.Decision.REJECTED}:
        raise ValidationError({"decision": "请选择裁定结果（准予或驳回）"})
    measure.decision = decision
    measure.decided_at = decided_at
    granted = decision == ProtectionMeasure.Decision.GRANTED
    measure.valid_from = valid_from if granted else None
    measure.valid_until = valid_until if granted else None
    measure.full_clean()
    measure.save()
    CaseReminder.objects.filter(
        key__in=[f"order_decision_due:{measure.pk}", f"order_decision_overdue:{measure.pk}"],
        done_at__isnull=True,
    ).update(done_at=timezone.now())
    _event(measure.case, CaseEvent.Action.MEASURE, user, f"保护令裁定：{measure.get_decision_display()}")
    return measure


@transaction.atomic
def followup_record(
    *,
    user: User,
    case: Case,
    visited_on: datetime.date,
    method: str,
    note: str,
    next_visit_on: datetime.date | None = None,
) -> FollowUp:
    """Record a follow-up visit (回访) and, if planned, the next one."""
    followup = FollowUp(
        case=case,
        visited_on=visited_on,
        method=method,
        note=note.strip(),
        next_visit_on=next_visit_on,
        visited_by=user,
    )
    followup.full_clean()
    followup.save()
    CaseReminder.objects.filter(case=case, kind__startswith="followup_", done_at__isnull=True).update(
        done_at=timezone.now()
    )
    _advance(case, Status.FOLLOW_UP)
    _event(case, CaseEvent.Action.FOLLOW_UP, user, f"{followup.get_method_display()}回访")
    return followup
