"""Every page that changes data is exercised by a test: lists each URL pattern whose view accepts POST
(`@require_POST`, `require_http_methods`, or a body that reads `request.method == "POST"` / `request.POST`)
and fails when no test file that posts (`.post(` or `pages.post_four_ways(`) names it — by its URL name
(`"aid:disburse"`) or by its path (`f"/aid/applications/{app.pk}/disburse/"`). A route that cannot be
posted to from a test client goes in EXEMPT with its reason. The API's write endpoints:
test_api_routes_walk.py and each app's API tests.
"""

from __future__ import annotations

import inspect
import re
from functools import cache
from pathlib import Path

from django.conf import settings

from .test_policy_coverage import fulian_routes

ROOT = Path(settings.BASE_DIR)
POSTS = re.compile(r"require_POST|require_http_methods|request\.method\s*==\s*[\"']POST|request\.POST")
EXEMPT: dict[str, str] = {}


def innermost(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def accepts_post(route) -> bool:
    view = route.callback
    if getattr(view, "cls", None) is not None or getattr(view, "view_class", None) is not None:
        return False  # DRF and class-based views: the API's tests
    try:
        source = inspect.getsource(innermost(view))
    except (OSError, TypeError):
        return False
    return bool(POSTS.search(source))


@cache
def posting_tests() -> str:
    files = list((ROOT / "fulian").rglob("test_*.py"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    return "\n".join(t for t in texts if ".post(" in t or "post_four_ways(" in t)


def path_pattern(route) -> re.Pattern:
    """The route's path with every parameter matching a literal value or an f-string field."""
    parts = re.split(r"999999", route.url)
    anything = r"(?:\{[^}]*\}|[^/\"'{}\s]+)"
    return re.compile(anything.join(re.escape(p) for p in parts))


def covered(route) -> bool:
    text = posting_tests()
    if f'"{route.name}"' in text:
        return True
    return bool(route.url) and bool(path_pattern(route).search(text))


def post_routes():
    return [r for r in fulian_routes() if accepts_post(r)]


def test_the_list_finds_the_pages_that_change_data():
    names = {r.name for r in post_routes()}
    assert {"aid:disburse", "aid:disbursement_cancel", "aid:application_action", "people:create"} <= names
    assert "aid:applications" not in names  # a list that only reads


def test_every_page_that_changes_data_is_posted_to_by_a_test():
    missing = sorted(r.name for r in post_routes() if r.name not in EXEMPT and not covered(r))
    assert missing == [], "POST pages no test posts to:\n" + "\n".join(missing)


def test_the_exemptions_are_still_needed():
    names = {r.name for r in post_routes()}
    assert set(EXEMPT) <= names
