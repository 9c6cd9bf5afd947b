"""Reads for the account pages, always through the accounts policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from fulian.core.scoping import visible

from .models import ApiToken, User
from .policy import CAPABILITY, users_visible_to

if TYPE_CHECKING:
    from .models import User

UNIT_CHOICE_LIMIT = 3000


def user_list_visible_to(*, manager: User, q: str = "", status: str = "") -> QuerySet:
    """The users the manager may find, searched by username, 姓名 or 手机号, with their memberships."""
    from fulian.orgs.models import Membership

    qs = users_visible_to(manager)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(phone__icontains=q))
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    active = Membership.objects.filter(is_active=True).select_related("unit").order_by("unit__path")
    return qs.prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_memberships")
    ).order_by("username")


def user_get_visible_or_404(*, manager: User, pk) -> User:
    try:
        return users_visible_to(manager).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该用户") from exc


def user_memberships(*, user: User) -> QuerySet:
    """All of a user's memberships, current first, in tree order."""
    return user.memberships.select_related("unit").order_by("-is_active", "unit__path", "role")


def membership_units_for(*, manager: User) -> QuerySet:
    """Active units where the manager may appoint someone (capped, in tree order)."""
    from fulian.orgs.models import OrgUnit

    units = OrgUnit.objects.filter(active_until__isnull=True).order_by("path")
    return visible(manager, units, CAPABILITY)[:UNIT_CHOICE_LIMIT]


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """Her API tokens, live and ended, newest first (the key itself is never stored)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def live_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.live().filter(user=user).order_by("-created_at", "-id")
