"""Every view of the project is covered by the scoping policy.

Walks every URL pattern of config.urls (through includes and DRF routers). A view defined in a `fulian.*`
module must carry the policy marker (`@policy`, `@login_only`, `@public`, or, for DRF views, the
attribute on the view class that `ScopedAPIMixin` sets). And no view that is not public answers an
anonymous GET with 200: pages send her to the login page, the API answers 401.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fulian.core.scoping import POLICY_ATTR

DUMMY = "999999"


@dataclass(frozen=True)
class Route:
    url: str  # the example URL, dummy values filled in
    name: str
    callback: object

    @property
    def view(self):
        """The class of a DRF/class-based view, else the function."""
        cb = self.callback
        return getattr(cb, "cls", None) or getattr(cb, "view_class", None) or cb

    @property
    def module(self) -> str:
        return getattr(self.view, "__module__", "") or ""

    @property
    def marker(self) -> str | None:
        return getattr(self.callback, POLICY_ATTR, None) or getattr(self.view, POLICY_ATTR, None)


def _example(regex: str) -> str | None:
    """Turn a route's regex into a concrete path, filling every group with a dummy value."""
    pattern = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    # Named and unnamed groups: a dummy number fits int, str and slug converters alike.
    pattern = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", DUMMY, pattern)
    pattern = re.sub(r"\([^)]*\)", DUMMY, pattern)
    pattern = pattern.replace("\\.", ".").replace("\\/", "/").replace("\\-", "-")
    if any(c in pattern for c in "[]*+?{}|\\"):
        return None  # too clever to fill in; the marker check still covers it
    return "/" + pattern


def _walk(patterns, prefix: str = "", names: tuple[str, ...] = ()):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = (*names, p.namespace) if p.namespace else names
            yield from _walk(p.url_patterns, prefix + p.pattern.regex.pattern.lstrip("^"), ns)
        elif isinstance(p, URLPattern):
            regex = prefix + p.pattern.regex.pattern.lstrip("^")
            name = ":".join([*names, p.name]) if p.name else regex
            yield Route(_example(regex) or "", name, p.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def fulian_routes() -> list[Route]:
    return [r for r in all_routes() if r.module.startswith("fulian.")]


def test_the_walk_finds_the_views_of_every_kind():
    names = {r.name for r in fulian_routes()}
    assert "accounts:login" in names
    assert "accounts:user_list" in names
    assert "audit:change_list" in names
    assert any(r.url.startswith("/api/v1/units/") for r in fulian_routes())


def test_every_fulian_view_carries_the_policy_marker():
    missing = [f"{r.name} ({r.module})" for r in fulian_routes() if not r.marker]
    assert not missing, "views without @policy/@login_only/@public: " + ", ".join(missing)


def test_markers_name_a_capability_or_a_known_kind():
    from fulian.core.roles import all_capabilities

    known = set(all_capabilities()) | {"authenticated", "public"}
    unknown = [f"{r.name}: {r.marker}" for r in fulian_routes() if r.marker and r.marker not in known]
    assert not unknown, "markers naming no capability: " + ", ".join(unknown)


def _protected_routes():
    return [r for r in fulian_routes() if r.marker != "public" and r.url]


@pytest.mark.django_db
def test_anonymous_get_of_any_protected_view_is_refused(client):
    routes = _protected_routes()
    assert len(routes) > 10
    leaks = []
    for route in routes:
        response = client.get(route.url)
        if route.url.startswith("/api/") and route.name != "api-docs":  # the docs are a page
            if response.status_code not in {401, 405}:
                leaks.append(f"{route.url} -> {response.status_code}")
        elif response.status_code == 302:
            if "/accounts/login/" not in response.url:
                leaks.append(f"{route.url} -> redirect {response.url}")
        elif response.status_code != 405:  # 405: a POST-only view checked before the policy
            leaks.append(f"{route.url} -> {response.status_code}")
    assert not leaks, "protected views answering anonymous GETs: " + ", ".join(leaks)
