"""Closing and reopening a case."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    Case,
    CaseEvent,
    CaseReminder,
    Referral,
)
from .common import Status, _event, _require_open

if TYPE_CHECKING:
    from fulian.accounts.models import User


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
