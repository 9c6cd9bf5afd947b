"""Shared by the aid services: the status shorthand, money parsing, the programme capability check."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

from fulian.core.formatting import to_money
from fulian.core.scoping import scope_for

from ..models import Application, Programme
from ..rules import READ_FROM_BELOW

if TYPE_CHECKING:
    from fulian.accounts.models import User


S = Application.Status


def _money(value, field: str) -> Decimal:
    try:
        return to_money(value)
    except ValueError as exc:
        raise ValidationError({field: "金额格式不正确"}) from exc


def _require_programme(user: User, capability: str, programme: Programme) -> None:
    """Works on unsaved programmes too (the scope rule's logic, without a query)."""
    scope = scope_for(user)
    if scope.covers(capability, programme.unit_path):
        return
    if capability in READ_FROM_BELOW and any(
        p.startswith(programme.unit_path) for p in scope.paths(capability)
    ):
        return
    raise PermissionDenied("您的角色无权执行此操作")
