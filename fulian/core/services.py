"""Shared writes: the access log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from .middleware import current_ip
from .models import AccessLog

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def access_log_write(
    *,
    user: AbstractUser,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    unit=None,
    detail: str = "",
) -> AccessLog:
    """Record one disclosure of sensitive data. Called by the code that discloses, never by a signal."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:100]
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,  # type: ignore[misc]  # accounts.User
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        unit=unit,
        unit_path=getattr(unit, "path", "") or "",
        detail=detail[:500],
        ip=current_ip(),
    )
