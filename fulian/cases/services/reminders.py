"""Reminders of what falls due (order decisions, expiring orders, follow-ups)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ..models import (
    Case,
    CaseReminder,
)

if TYPE_CHECKING:
    pass


@transaction.atomic
def reminders_write(*, now: datetime.datetime | None = None) -> int:
    """Write one CaseReminder row per deadline that is due or missed (idempotent: keyed per deadline)."""
    from ..selectors import due_items

    created = 0
    for item in due_items(Case.objects.all(), now=now or timezone.now()):
        _, was_created = CaseReminder.objects.get_or_create(
            key=item.key, defaults={"case_id": item.case_id, "kind": item.kind, "due_at": item.due_at}
        )
        created += was_created
    return created
