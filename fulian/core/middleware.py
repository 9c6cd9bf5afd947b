"""Keeps the client address of the current request at hand for the access log; security headers; the
session's idle timeout renewed at most once a minute."""

import time
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


class SessionRefreshMiddleware:
    """Renews a signed-in session's idle timeout (SESSION_COOKIE_AGE) at most once every
    SESSION_REFRESH_SECONDS, instead of Django's SESSION_SAVE_EVERY_REQUEST, which writes the session row on
    every request — a write to the primary database for every page view, even a read sent to a replica.
    The timeout is kept to within that many seconds. An empty session (a visitor who has not signed in: the
    public 公示 and questionnaire pages) is never stored. Placed right after SessionMiddleware."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            last = session.get(self.KEY)
            if not isinstance(last, int) or not 0 <= now - last < settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: saved with a new expiry at the end of the request
        return self.get_response(request)
