"""docs/api.md lists every page action that accepts a POST, with its API call or the reason it has none.

A page view accepts a POST when it is decorated with `require_POST` or reads `request.POST` / `request.FILES`
or checks `request.method == "POST"`. A new such page fails here until docs/api.md says what the API offers
for it; a row naming an API path that the schema does not have fails too.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from drf_spectacular.generators import SchemaGenerator

from .test_policy_coverage import fulian_routes

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
POST_MARKS = ("require_POST", "request.POST", "request.FILES", '"POST"')


def _accepts_post(callback) -> bool:
    fn = callback
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    return any(mark in source for mark in POST_MARKS)


def page_post_actions() -> set[str]:
    return {r.name for r in fulian_routes() if not r.url.startswith("/api/") and _accepts_post(r.callback)}


def _table() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## Page actions and their API calls") :]


def test_the_walk_finds_the_post_actions_of_every_kind():
    actions = page_post_actions()
    assert {"aid:notice_publish", "cases:assign", "assessment:draw_create", "surveys:links_create"} <= actions
    assert "aid:programmes" not in actions  # a list page that only reads


def test_every_page_post_action_is_in_the_api_table():
    named = set(re.findall(r"`([a-z_]+:[a-z_]+)`", _table()))
    missing = sorted(page_post_actions() - named)
    assert not missing, "page actions missing from docs/api.md: " + ", ".join(missing)


def test_every_api_path_in_the_table_exists():
    paths = set(SchemaGenerator().get_schema(request=None, public=True)["paths"])
    named = {p.split("?")[0] for p in re.findall(r"`(?:[A-Z/]+ )?(/api/v1/[^` ]+)`", _table())}
    assert len(named) > 20
    unknown = sorted(p for p in named if p not in paths)
    assert not unknown, "docs/api.md names API paths the schema does not have: " + ", ".join(unknown)
