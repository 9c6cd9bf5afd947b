"""Every write of the rights-protection module. Keyword-only, atomic, validated; bad input raises a
ValidationError with a Chinese message naming the field, and nothing is saved.

Permission to act on a case is checked by the caller (views, API) through the scoping policy; these services
check what only they can know (the body is on the managed list, the worker holds the role over the town, the
break-the-glass officer belongs to the town).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.models import AccessLog
from fulian.core.roles import Role, role_grants
from fulian.core.scoping import forget_scope, scope_for
from fulian.core.services import access_log_write
from fulian.orgs.models import Level, Membership, OrgUnit

from . import risk
from .conf import conf
from .models import (
    BreakGlassGrant,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseReminder,
    FollowUp,
    ProtectionMeasure,
    Referral,
    ReferralBody,
    RiskAssessment,
)

if TYPE_CHECKING:
    from fulian.accounts.models import User

Status = Case.Status


def _event(case: Case, action: str, user: User, note: str = "", at: datetime.datetime | None = None) -> None:
    CaseEvent.objects.create(case=case, action=action, by=user, note=note, at=at or timezone.now())


def _advance(case: Case, status: Status) -> None:
    """Move the case forward along 登记 › 评估 › 处置 › 转介 › 回访; never backwards, never to 结案."""
    order: list[str] = [
        Status.REGISTERED,
        Status.ASSESSED,
        Status.HANDLING,
        Status.REFERRED,
        Status.FOLLOW_UP,
    ]
    if case.status in order and order.index(status) > order.index(case.status):
        case.status = status
        case.save(update_fields=["status", "updated_at"])


def _require_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError({"status": "案件已结案，如需继续办理请先重新开启"})


def _holds(user: User, role: str, unit: OrgUnit) -> bool:
    return (
        Membership.objects.filter(user=user, role=role, is_active=True, unit__active_until__isnull=True)
        .filter(unit__path__in=[unit.path[:i] for i in range(4, len(unit.path) + 1, 4)])
        .exists()
    )


def handling_units_for(user: User):
    """The towns where the user may register cases (her `cases.create` grants, at town level)."""
    scope = scope_for(user)
    paths = scope.paths("cases.create")
    if not paths:
        return OrgUnit.objects.none()
    from django.db.models import Q

    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return OrgUnit.objects.filter(q, level=Level.TOWN, active_until__isnull=True).order_by("path")


# --- intake -------------------------------------------------------------------------------------------


@transaction.atomic
def case_register(
    *,
    user: User,
    handling_unit: OrgUnit,
    kind: str,
    channel: str,
    type: str,
    narrative: str,
    person=None,
    new_person: dict[str, Any] | None = None,
    village: OrgUnit | None = None,
    referred_by: str = "",
    respondent_name: str = "",
    respondent_relation: str = "",
    request: str = "",
    answer: str = "",
    received_at: datetime.datetime | None = None,
    confirm_similar: bool = False,
) -> Case:
    """Register a consultation (answered and closed at once) or a case; the registering case worker is
    assigned to it. A person not yet in the registry is created through the registry's own service."""
    if not handling_units_for(user).filter(pk=handling_unit.pk).exists():
        raise ValidationError({"handling_unit": "您无权在该乡镇/街道登记维权案件"})
    if person is None and not new_person:
        raise ValidationError({"person": "请选择当事人，或填写新当事人的信息"})
    if person is not None and not person.village_path.startswith(handling_unit.path):
        raise ValidationError({"person": "当事人不在承办乡镇/街道的台账中"})
    if kind == Case.Kind.CONSULTATION and not answer.strip():
        raise ValidationError({"answer": "咨询须填写答复内容"})
    if person is None:
        person = _person_create(
            user=user, handling_unit=handling_unit, fields=new_person or {}, confirm_similar=confirm_similar
        )
    now = timezone.now()
    case = Case(
        kind=kind,
        handling_unit=handling_unit,
        village=village or person.village,
        person=person,
        channel=channel,
        referred_by=referred_by if channel == Case.Channel.REFERRAL else "",
        type=type,
        respondent_name=respondent_name.strip(),
        respondent_relation=respondent_relation,
        narrative=narrative.strip(),
        request=request.strip(),
        received_at=received_at or now,
        created_by=user,
    )
    case.unit_path = case.village.path if case.village_id else ""
    case.full_clean(exclude=["number"])
    case.save()
    case.number = f"WQ{timezone.localtime(case.received_at):%Y}{case.pk:06d}"
    case.save(update_fields=["number"])
    _event(case, CaseEvent.Action.REGISTER, user, f"{case.get_kind_display()} · {case.get_channel_display()}")
    if _holds(user, Role.CASE_WORKER, handling_unit):
        CaseAssignment.objects.create(case=case, user=user, assigned_by=user)
    if kind == Case.Kind.CONSULTATION:
        _close(case, user=user, outcome=Case.Outcome.ANSWERED, satisfaction="", note=answer.strip(), now=now)
    return case


def _person_create(*, user: User, handling_unit: OrgUnit, fields: dict[str, Any], confirm_similar: bool):
    """A new person for the registry, with the registry's own validation and duplicate checks.

    A town chair holds `people.change` and goes through `person_create` itself. A case worker holds no
    registry rights (she must not browse it), so her intake uses the registry's public building blocks:
    the same field checks, the same duplicate refusal (neutral when she cannot see the holder), the same
    derived columns. Minors need a guardian, which only the registry's pages can link: refused here.
    """
    from fulian.people import services as people
    from fulian.people.validation import person_validate_row

    village = fields.get("village")
    if village is None or not village.path.startswith(handling_unit.path):
        raise ValidationError({"new_village": "新当事人的所在村(社区)必须属于承办乡镇/街道"})
    if scope_for(user).covers("people.change", village.path):
        return people.person_create(user=user, data=fields, confirm_similar=confirm_similar)
    row = person_validate_row(**fields)
    if row.errors:
        raise ValidationError({f"new_{k}": v for k, v in row.errors.items()})
    c = row.cleaned
    dup = people.person_find_duplicates(
        user=user, id_number=c["id_number"], name=c["name"], birth_date=c["birth_date"], village=c["village"]
    )
    if dup.id_conflict:
        raise ValidationError({"new_id_number": dup.id_message})
    if dup.similar_count and not confirm_similar:
        raise ValidationError({"new_confirm_similar": dup.similar_message})
    person = people.person_build(
        **{k: c[k] for k in people.EDITABLE_FIELDS if k in c and c[k] is not None}, created_by=user
    )
    if person.is_minor:
        raise ValidationError(
            {"new_birth_date": "未成年当事人须先由乡镇妇联在服务对象台账中登记（含监护人），再在此选择"}
        )
    person.full_clean(exclude=["id_number_hash", "village_path"])
    person.save()
    return person


# --- workflow -----------------------------------------------------------------------------------------


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


# --- closure and reopening ----------------------------------------------------------------------------


def _close(case: Case, *, user: User, outcome: str, satisfaction: str, note: str, now) -> None:
    case.status = Status.CLOSED
    case.closed_at = max(now, case.received_at)
    case.days_to_close = (timezone.localdate(case.closed_at) - timezone.localdate(case.received_at)).days
    case.outcome = outcome
    case.satisfaction = satisfaction
    case.closing_note = note
    case.full_clean()
    case.save()
    _event(case, CaseEvent.Action.CLOSE, user, f"{case.get_outcome_display()}")


@transaction.atomic
def case_close(
    *,
    user: User,
    case: Case,
    outcome: str,
    satisfaction: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Case:
    """Close the case with its outcome and her satisfaction. Referrals still open need a written reason."""
    _require_open(case)
    errors = {}
    if outcome not in Case.Outcome.values:
        errors["outcome"] = "请选择办理结果"
    if satisfaction not in Case.Satisfaction.values:
        errors["satisfaction"] = "请选择当事人满意度（未表态也请选择）"
    open_refs = list(case.referrals.filter(status=Referral.Status.OPEN).select_related("body"))
    if open_refs and not note.strip():
        names = "、".join(r.body.name for r in open_refs)
        errors["closing_note"] = f"仍有{len(open_refs)}项转介未办结（{names}），结案须填写说明"
    if errors:
        raise ValidationError(errors)
    _close(
        case,
        user=user,
        outcome=outcome,
        satisfaction=satisfaction,
        note=note.strip(),
        now=now or timezone.now(),
    )
    CaseReminder.objects.filter(case=case, kind__startswith="followup_", done_at__isnull=True).update(
        done_at=timezone.now()
    )
    return case


@transaction.atomic
def case_reopen(*, user: User, case: Case, reason: str) -> Case:
    """Reopen a closed case (she comes back, the violence resumes); the reason is required and kept."""
    if not case.is_closed:
        raise ValidationError({"status": "案件尚未结案，无需重新开启"})
    if not reason.strip():
        raise ValidationError({"reason": "重新开启案件须填写理由"})
    case.status = Status.HANDLING
    case.closed_at = None
    case.days_to_close = None
    case.outcome = ""
    case.satisfaction = ""
    if case.kind == Case.Kind.CONSULTATION:
        case.kind = Case.Kind.CASE  # a consultation that comes back becomes a case
    case.save()
    _event(case, CaseEvent.Action.REOPEN, user, reason.strip())
    return case


# --- assignment and emergency access ------------------------------------------------------------------


@transaction.atomic
def case_assign(*, user: User, case: Case, worker) -> CaseAssignment:
    """Assign a case worker of the handling town to the case (the chair's decision)."""
    if not _holds(worker, Role.CASE_WORKER, case.handling_unit):
        raise ValidationError({"worker": "只能指派本乡镇/街道的维权专员"})
    if case.assignments.filter(user=worker, ended_at__isnull=True).exists():
        raise ValidationError({"worker": "该专员已承办此案件"})
    assignment = CaseAssignment.objects.create(case=case, user=worker, assigned_by=user)
    _event(case, CaseEvent.Action.ASSIGN, user, f"指派{worker}")
    forget_scope(worker)
    return assignment


@transaction.atomic
def case_unassign(*, user: User, case: Case, worker) -> None:
    """End a worker's assignment; she no longer sees the case."""
    ended = case.assignments.filter(user=worker, ended_at__isnull=True).update(ended_at=timezone.now())
    if not ended:
        raise ValidationError({"worker": "该专员未承办此案件"})
    _event(case, CaseEvent.Action.ASSIGN, user, f"取消指派{worker}")


NEUTRAL_GLASS_REFUSAL = "未找到该编号的案件，或您无权紧急调阅该案件"


@transaction.atomic
def break_glass(
    *, user: User, number: str, reason: str, now: datetime.datetime | None = None
) -> BreakGlassGrant:
    """Emergency access: an officer of the handling town opens a case she is not assigned to, for a
    limited time, giving a reason. Logged in the access log and flagged to the chair.

    The refusal is the same whether the case does not exist or lies outside her town, so the form cannot be
    used to learn whether a case exists elsewhere.
    """
    now = now or timezone.now()
    if len(reason.strip()) < 4:
        raise ValidationError({"reason": "紧急调阅必须填写具体理由（至少4个字）"})
    case = Case.objects.select_related("handling_unit").filter(number=number.strip().upper()).first()
    allowed = case is not None and any(
        role_grants(m.role, "cases.break_glass")
        and m.unit.active_until is None
        and case.handling_unit.path.startswith(m.unit.path)
        for m in scope_for(user).memberships
    )
    if not allowed or case is None:
        raise ValidationError({"number": NEUTRAL_GLASS_REFUSAL})
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=user,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=conf("CASES_BREAK_GLASS_HOURS")),
    )
    access_log_write(
        user=user,
        action=AccessLog.Action.BREAK_GLASS,
        target=case,
        unit=case.handling_unit,
        detail=f"紧急调阅至{timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}",
    )
    _event(case, CaseEvent.Action.BREAK_GLASS, user, reason.strip(), at=now)
    return grant


@transaction.atomic
def glass_review(*, user: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    """The chair marks an emergency access as reviewed; the flag leaves her home page."""
    if grant.reviewed_at is None:
        grant.reviewed_by = user
        grant.reviewed_at = timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at"])
    return grant


def case_disclosure_log(*, user: User, case: Case, action: str, detail: str = "") -> None:
    """One access-log row for one opening, export or print of a case."""
    access_log_write(user=user, action=action, target=case, unit=case.handling_unit, detail=detail)


# --- reminders ----------------------------------------------------------------------------------------


@transaction.atomic
def reminders_write(*, now: datetime.datetime | None = None) -> int:
    """Write one CaseReminder row per deadline that is due or missed (idempotent: keyed per deadline)."""
    from .selectors import due_items

    created = 0
    for item in due_items(Case.objects.all(), now=now or timezone.now()):
        _, was_created = CaseReminder.objects.get_or_create(
            key=item.key, defaults={"case_id": item.case_id, "kind": item.kind, "due_at": item.due_at}
        )
        created += was_created
    return created
