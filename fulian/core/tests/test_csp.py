"""The Content-Security-Policy: sent on every page, strict, and no template needs it relaxed."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR, "fulian").glob("**/templates"),
]
TEMPLATES = sorted({p for d in TEMPLATE_DIRS for p in d.rglob("*.html")})

COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated by htmx)"),
]


def test_templates_exist_to_be_checked():
    assert len(TEMPLATES) > 80


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_style_or_handler(path):
    text = COMMENT.sub("", path.read_text(encoding="utf-8"))
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert found == [], f"{path}: {found} — move it to static/ (the CSP blocks it)"


def test_every_page_sends_a_strict_policy(cast, login):
    response = login(cast.chair_a).get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_error_pages_and_the_login_page_send_it_too(client):
    assert "script-src 'self'" in client.get("/no-such-page/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get(reverse("accounts:login"))["Content-Security-Policy"]


def test_htmx_is_configured_for_the_policy(cast, login):
    html = login(cast.chair_a).get(reverse("core:home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
