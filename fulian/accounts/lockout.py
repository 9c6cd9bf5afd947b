"""What a locked-out login gets (django-axes calls this through AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def cooloff_minutes() -> int:
    """The lockout's length in whole minutes (AXES_COOLOFF_TIME is in hours)."""
    hours = settings.AXES_COOLOFF_TIME
    return math.ceil(float(hours) * 60) if hours else 0


def lockout_message() -> str:
    minutes = cooloff_minutes()
    wait = f"请 {minutes} 分钟后再试" if minutes else "请联系管理员解锁"
    return f"登录失败次数过多，该账号已被暂时锁定。{wait}。"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The API gets JSON, a page gets the lockout template; both in Chinese, status 429."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message(), "cooloff_minutes": cooloff_minutes()},
        status=status,
    )
