"""Writes on accounts and memberships. Each checks the accounts policy, validates, and names the actor
in the change history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.audit.context import acting_as
from fulian.core.scoping import forget_scope

from . import tokens
from .models import ApiToken, User
from .policy import can_grant, can_manage_account
from .validators import normalize_mobile

if TYPE_CHECKING:
    from .models import User


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def _require_manage(actor: User, user: User) -> None:
    if not can_manage_account(actor, user):
        raise PermissionDenied("您无权管理该用户的账号")


@transaction.atomic
def user_create(*, actor: User, username: str, display_name: str, phone: str = "", password: str) -> User:
    """Create an account (no membership yet); it is visible to its creator until it gets one."""
    user = User(
        username=username.strip(),
        display_name=display_name.strip(),
        phone=normalize_mobile(phone),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if not user.display_name:
        raise ValidationError({"display_name": "请填写姓名"})
    user.full_clean(exclude=["password"])
    _check_password(password, user)
    user.set_password(password)
    with acting_as(actor):
        user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, display_name: str, phone: str = "") -> User:
    """Change a managed account's 姓名 and 手机号."""
    _require_manage(actor, user)
    user.display_name = display_name.strip()
    user.phone = normalize_mobile(phone)
    if not user.display_name:
        raise ValidationError({"display_name": "请填写姓名"})
    user.full_clean(exclude=["password"])
    with acting_as(actor):
        user.save(update_fields=["display_name", "phone"])
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """A manager sets a new password for a managed account (the policy applies)."""
    _require_manage(actor, user)
    _check_password(password, user)
    user.set_password(password)
    with acting_as(actor):
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, is_active: bool) -> User:
    """Deactivate (the user can no longer log in; nothing is deleted) or reactivate an account."""
    _require_manage(actor, user)
    user.is_active = is_active
    with acting_as(actor):
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def membership_add(*, actor: User, user: User, unit, role: str):
    """Give the user a role on a unit inside the actor's subtree; an ended one is reopened."""
    from fulian.orgs.models import Membership

    if not can_grant(actor, unit, role):
        raise PermissionDenied("您无权在该组织授予该角色")
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError("不能给自己添加任职，请联系上级管理员")
    if unit.active_until is not None:
        raise ValidationError({"unit": f"“{unit.name}”已撤销，不能再任职"})
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is not None and membership.is_active:
        raise ValidationError({"role": "该用户已在此组织担任该角色"})
    with acting_as(actor):
        if membership is None:
            membership = Membership(user=user, unit=unit, role=role)
            membership.full_clean()
        membership.is_active = True
        membership.save()
    forget_scope(user)
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership):
    """End a membership (kept, marked inactive, so the history shows who held what)."""
    if not can_grant(actor, membership.unit, membership.role):
        raise PermissionDenied("您无权结束该任职")
    if membership.user_id == getattr(actor, "pk", None):
        raise ValidationError("不能结束本人的任职，请联系上级管理员")
    if not membership.is_active:
        raise ValidationError("该任职已结束")
    with acting_as(actor):
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    forget_scope(membership.user)
    return membership


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The user changes her own password; the old one must be right, the new one follow the policy."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    with acting_as(user):
        user.save(update_fields=["password"])
    return user


# --- API tokens ------------------------------------------------------------------------------------

ENDED_TOKENS_KEPT = 40


@transaction.atomic
def token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the user: (the row, the key). The key is returned once and stored only hashed.
    Beyond FULIAN["API_TOKENS_PER_USER"] live tokens, the oldest are revoked."""
    if not user.is_active:
        raise ValidationError("账号已停用，不能获取令牌")
    key = tokens.new_key()
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[: len(tokens.KEY_PREFIX) + 5],
        key_hash=tokens.hash_key(key),
        created_at=now,
        expires_at=now + tokens.lifetime(),
    )
    token.full_clean()
    with acting_as(user):
        token.save()
    keep: int = settings.FULIAN["API_TOKENS_PER_USER"]  # type: ignore[assignment]
    newest_first = ("-created_at", "-id")
    live = ApiToken.live(now).filter(user=user)
    surplus = list(live.order_by(*newest_first).values_list("pk", flat=True)[keep:])
    ApiToken.objects.filter(pk__in=surplus).update(revoked_at=now, revoked_reason=ApiToken.Reason.LIMIT)
    # Ended tokens stay listed (when, why) up to ENDED_TOKENS_KEPT per user; older ones are deleted.
    ended = ApiToken.objects.filter(user=user).exclude(pk__in=live.values("pk")).order_by(*newest_first)
    ApiToken.objects.filter(pk__in=list(ended.values_list("pk", flat=True)[ENDED_TOKENS_KEPT:])).delete()
    return token, key


def _token_reason(actor: User, user: User) -> str:
    if actor.pk == user.pk:
        return ApiToken.Reason.USER
    _require_manage(actor, user)
    return ApiToken.Reason.MANAGER


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """The user ends one of her tokens, or a manager of her account ends it."""
    reason = _token_reason(actor, token.user)
    if token.revoked_at is not None:
        raise ValidationError("该令牌已撤销")
    token.revoked_at, token.revoked_reason, token.revoked_by = timezone.now(), reason, actor
    with acting_as(actor):
        token.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return token


@transaction.atomic
def tokens_revoke_all(*, actor: User, user: User) -> int:
    """End every live token of the account (the user herself or a manager of her account)."""
    reason = _token_reason(actor, user)
    return ApiToken.revoke_all(user, reason=reason, by=actor)
