"""API tokens with a life: issued by /api/v1/token/ or the 我的API令牌 page, stored as a SHA-256 hash only,
valid for FULIAN["API_TOKEN_DAYS"] days, ended by the user, a manager, a password change or a deactivation.

Requests carry `Authorization: Bearer <令牌>` (or the older `Authorization: Token <令牌>`). A token that is
unknown, expired or revoked gets 401 with a Chinese message that says which, and how to get a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken

KEY_PREFIX = "fl_"
KEYWORDS = (b"bearer", b"token")
# last_used_at is written at most this often per token, so that a busy script does not write on every call.
TOUCH_EVERY = dt.timedelta(minutes=1)


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.FULIAN["API_TOKEN_DAYS"])


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The stored form of a key. The key carries 256 random bits, so a plain SHA-256 cannot be reversed."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenAuthentication(BaseAuthentication):
    """DRF authentication by `Authorization: Bearer <令牌>` or `Authorization: Token <令牌>`."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("请求头格式不正确，应为“Authorization: Bearer <令牌>”")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("令牌无效，请重新获取") from exc
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效，请重新获取")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                f"令牌已被撤销（{token.get_revoked_reason_display() or '已撤销'}），请重新获取"
            )
        if now >= token.expires_at:
            raise exceptions.AuthenticationFailed("令牌已过期，请重新获取")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用")
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (and Swagger UI's 授权 button) describes the token."""

    target_class = "fulian.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "POST /api/v1/token/ 取得令牌，请求头 `Authorization: Bearer <令牌>`。"
            f"令牌 {settings.FULIAN['API_TOKEN_DAYS']} 天后过期；修改密码或账号停用时作废。",
        }
