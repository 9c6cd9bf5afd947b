"""What every part of the assessment's writes shares: permission checks and number parsing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

from fulian.core.scoping import can, require

if TYPE_CHECKING:
    from fulian.accounts.models import User

MANAGE = "assessment.manage"
D0 = Decimal("0")


def _require(user: User, capability: str, obj) -> None:
    if obj.pk is None:  # a new assessment: the grant must cover its town
        from fulian.core.scoping import scope_for

        allowed = scope_for(user).covers(capability, obj.unit.path)
    else:
        allowed = can(user, capability, obj)
    if not allowed:
        raise PermissionDenied("您的角色无权执行此操作")


def _dec(value, label: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"{label}须为数字") from exc


def require_manage(user: User, assessment) -> None:
    require(user, MANAGE, assessment)
