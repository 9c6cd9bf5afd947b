"""Error pages in Chinese, inside the site's layout, saying in plain words why.

400, 403, 404 and the CSRF failure are rendered with the request (so the menu and the user menu show);
should that fail — the database being what failed, say — they fall back to the layout without the menu. The
500 page never touches the request, the session or the database. Under /api/ the answer is JSON
(`{"detail": "…"}`), as the API's own errors are; `api_exception_handler` is the API's one exception
handler (a service's ValidationError → 400 with the messages keyed by field).

The message shown is the one the code raised with (the scoping policy's 您的角色无权访问此页面, 该记录不存在或
不在您的管辖范围内) when it is Chinese; Django's own English messages are replaced by a plain default.
Django logs 4xx responses at warning and 5xx at error (django.request); these views add nothing to that.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404

if TYPE_CHECKING:
    from rest_framework.response import Response

logger = logging.getLogger(__name__)

_CHINESE = re.compile(r"[\u4e00-\u9fff]")

DEFAULTS = {
    400: ("请求有误", "提交的内容无法处理，可能是地址不完整或表单已损坏。请返回上一页重试。"),
    403: ("无权访问", "您的角色无权访问此页面。如需使用，请联系本单位或上级妇联的管理员调整任职。"),
    404: ("页面不存在", "该记录不存在或不在您的管辖范围内，也可能是地址有误或已被删除。"),
    500: ("服务器出错", "服务器处理时出错，已记录。请稍后再试；如果反复出现，请联系系统管理员。"),
}
NO_SUCH_ADDRESS = "页面不存在：这个地址可能输错了，或者页面已经移除。"
CSRF_TITLE = "页面已过期"
CSRF_MESSAGE = "表单已过期或不是从本站页面提交的，所以没有保存。请返回上一页，刷新后重新提交。"

FALLBACK_500 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>服务器出错 · 妇联工作平台</title>"
    "</head><body><h1>服务器出错</h1><p>"
    + DEFAULTS[500][1]
    + '</p><p><a href="/">回到首页</a></p></body></html>'
)


def _message(exception, status: int) -> str:
    """The exception's own message when it speaks Chinese, else the plain default for the status."""
    text = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        text = exception.args[0]
    return text if _CHINESE.search(text) else DEFAULTS[status][1]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _render(request: HttpRequest, status: int, title: str, message: str, template: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": title, "message": message}
    tpl = loader.get_template(template)
    try:
        body = tpl.render(context, request)
    except Exception:  # the menu needs the database; the page must still say what happened
        logger.exception("错误页面无法带菜单显示，改用简单版本")
        body = tpl.render(context)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, 400, DEFAULTS[400][0], _message(exception, 400), "400.html")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, 403, DEFAULTS[403][0], _message(exception, 403), "403.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, Resolver404):  # no page at this address at all
        return _render(request, 404, DEFAULTS[404][0], NO_SUCH_ADDRESS, "404.html")
    return _render(request, 404, DEFAULTS[404][0], _message(exception, 404), "404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, 403, CSRF_TITLE, CSRF_MESSAGE, "403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without the request (no session, no menu, no database), plain HTML if even that fails."""
    title, message = DEFAULTS[500]
    if _is_api(request):
        return JsonResponse({"detail": message}, status=500, json_dumps_params={"ensure_ascii": False})
    try:
        body = loader.get_template("500.html").render({"status": 500, "title": title, "message": message})
    except Exception:
        logger.exception("500 页面无法显示，改用纯文本版本")
        body = FALLBACK_500
    return HttpResponse(body, status=500)


def drf_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's (Django) ValidationError as the API's error body: messages keyed by field, with the
    errors of no field (Django's `__all__`, or an error raised without a field) under `non_field_errors`,
    the key DRF's own serializers use."""
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == NON_FIELD_ERRORS else k): v for k, v in exc.message_dict.items()}
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The API's one exception handler (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]).

    - A service's Django ValidationError becomes a 400 with `drf_errors(exc)` as its body, so API views
      call services without converting errors themselves (the transaction is rolled back as for every
      handled error);
    - DRF's handler does the rest, with Django's English messages ("No Person matches the given query.")
      replaced by the plain Chinese of the status; Chinese messages and per-field errors are kept as
      they are."""
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(drf_errors(exc))
    response = exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    detail = response.data.get("detail")
    if isinstance(detail, str) and not _CHINESE.search(detail) and response.status_code in DEFAULTS:
        response.data["detail"] = DEFAULTS[response.status_code][1]
    return response
