"""Assignment of workers and emergency access (紧急调阅), with the access log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.models import AccessLog
from fulian.core.roles import Role, role_grants
from fulian.core.scoping import forget_scope, scope_for
from fulian.core.services import access_log_write

from ..conf import conf
from ..models import (
    BreakGlassGrant,
    Case,
    CaseAssignment,
    CaseEvent,
)
from .common import _event, _holds

if TYPE_CHECKING:
    from fulian.accounts.models import User


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
