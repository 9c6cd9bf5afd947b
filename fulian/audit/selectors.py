"""Reads for the audit pages: the change history (django-auditlog) and the access log.

Scoping (capability "audit.view"):
- change history: entries whose actor is a user the viewer may find in user management — someone who
  holds or held a membership inside her subtree (fulian.accounts.policy.users_visible_to, with
  "audit.view" grants) — or the viewer herself. Entries without an actor (imports, commands) and those of
  users outside her subtree are seen by superusers only.
- access log: rows whose `unit_path` lies inside her subtree, through `visible()` (AccessLog declares
  `scope_path_field = "unit_path"`); rows without a unit are seen by superusers only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from fulian.core.models import AccessLog
from fulian.core.scoping import scope_for, visible

CAPABILITY = "audit.view"


@dataclass(frozen=True)
class Filters:
    model: int | None = None  # ContentType id
    user: str = ""  # username or 姓名 (contains)
    action: str = ""
    target_type: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _actors_visible_to(viewer) -> QuerySet:
    from fulian.orgs.models import Membership

    User = get_user_model()
    scope = scope_for(viewer)
    holders = Membership.objects.filter(scope.q(CAPABILITY, "unit__path")).values("user_id")
    return User.objects.filter(Q(pk__in=holders) | Q(pk=viewer.pk)).values("pk")


def _day_range(qs: QuerySet, field: str, filters: Filters) -> QuerySet:
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = datetime.datetime.combine(filters.date_from, datetime.time.min, tzinfo=tz)
        qs = qs.filter(**{f"{field}__gte": start})
    if filters.date_to:
        end = datetime.datetime.combine(
            filters.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        qs = qs.filter(**{f"{field}__lt": end})
    return qs


def _user_match(prefix: str, text: str) -> Q:
    return Q(**{f"{prefix}__username__icontains": text}) | Q(**{f"{prefix}__display_name__icontains": text})


def change_list_visible_to(*, viewer, filters: Filters) -> QuerySet:
    """Change-history entries the viewer may read, newest first."""
    qs = LogEntry.objects.select_related("actor", "content_type")
    if not scope_for(viewer).everywhere(CAPABILITY):
        if not scope_for(viewer).has(CAPABILITY):
            return qs.none()
        qs = qs.filter(actor__in=_actors_visible_to(viewer))
    if filters.model:
        qs = qs.filter(content_type_id=filters.model)
    if filters.user:
        qs = qs.filter(_user_match("actor", filters.user))
    if filters.action != "":
        qs = qs.filter(action=int(filters.action))
    return _day_range(qs, "timestamp", filters).order_by("-timestamp", "-id")


def access_list_visible_to(*, viewer, filters: Filters) -> QuerySet:
    """Access-log rows the viewer may read, newest first."""
    qs = visible(viewer, AccessLog.objects.select_related("user", "unit"), CAPABILITY)
    if filters.user:
        qs = qs.filter(_user_match("user", filters.user))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    return _day_range(qs, "at", filters).order_by("-at", "-id")


def audited_models() -> list[tuple[int, str]]:
    """(content type id, Chinese name) of every model in the change history, for the filter."""
    from auditlog.registry import auditlog

    models = sorted(auditlog.get_models(), key=lambda m: str(m._meta.verbose_name))
    types = ContentType.objects.get_for_models(*models)
    return [(types[m].pk, str(m._meta.verbose_name)) for m in models]
