"""Helpers shared by the assessment pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from fulian.core.roles import Role
from fulian.core.scoping import get_visible_or_404

from ..models import (
    Assessment,
    Sheet,
)

VIEW, MANAGE = "assessment.view", "assessment.manage"
GROUP_ROLES = [Role.ASSESSOR, Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.COUNTY_STAFF, Role.ADMIN]


def _dec(value: str, label: str) -> Decimal | None:
    value = (value or "").strip().rstrip("%")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError(f"{label}须为数字") from exc


def _int(value: str, label: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(f"{label}须为整数")
    return int(value)


def _assessment(request, pk: int) -> Assessment:
    return get_visible_or_404(request.user, Assessment.objects.select_related("unit", "rubric"), VIEW, pk=pk)


def _sheet(request, pk: int) -> Sheet:
    return get_visible_or_404(
        request.user,
        Sheet.objects.select_related("village", "assessment__unit", "assessment__rubric"),
        VIEW,
        pk=pk,
    )
