"""Keeps the client address of the current request at hand for the access log; security headers."""

from contextvars import ContextVar

from django.conf import settings

_ip: ContextVar[str | None] = ContextVar("fulian_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (docs/security.md):

    - `Cache-Control: no-store` on every response the application makes — pages, downloads, API answers,
      public questionnaire and notice pages alike — so that no page or file with personal data stays in a
      browser's or proxy's cache. Static files are answered earlier by WhiteNoise and keep their cache.
    - `Permissions-Policy` (settings.PERMISSIONS_POLICY): camera, microphone, geolocation … off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
