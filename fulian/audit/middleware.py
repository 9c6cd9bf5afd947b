"""Keeps the current request at hand so the change history can name an actor that DRF authenticated.

django-auditlog's middleware reads `request.user` before the view runs; a DRF token is only checked
inside the view (DRF then sets `request.user` on the Django request too). The `fill_actor` receiver
(see context.py) asks this middleware for the request at the moment a LogEntry is saved.
"""

from __future__ import annotations

from contextvars import ContextVar

_request: ContextVar = ContextVar("fulian_audit_request", default=None)


def current_request_user():
    """The authenticated user of the request being served, if any."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
