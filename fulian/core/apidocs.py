"""The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/), behind a login when
FULIAN["API_DOCS_LOGIN_REQUIRED"] is on (the default unless DEBUG): the schema names every field of every
record, which is a map an outsider does not need."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission

from .scoping import POLICY_ATTR


def login_required() -> bool:
    return bool(settings.FULIAN["API_DOCS_LOGIN_REQUIRED"])


class ApiDocsPermission(BasePermission):
    """Anonymous callers get 401 (by token or session they are in) while the setting is on."""

    def has_permission(self, request, view) -> bool:
        return not login_required() or bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    permission_classes = [ApiDocsPermission]


class DocsView(SpectacularSwaggerSplitView):
    """The page: an anonymous browser is sent to the login page and back. The split view serves its script
    as a separate request (`?script`), so the page carries no inline code under the CSP (docs/ui.md)."""

    permission_classes = [ApiDocsPermission]

    def dispatch(self, request, *args, **kwargs):
        if login_required() and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


for _view in (SchemaView, DocsView):
    setattr(_view, POLICY_ATTR, "authenticated")
