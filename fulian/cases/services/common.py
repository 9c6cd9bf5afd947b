"""Shared by the case services: events, status moves, the roles that may handle a case."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from fulian.core.scoping import scope_for
from fulian.orgs.models import Level, Membership, OrgUnit

from ..models import (
    Case,
    CaseEvent,
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
