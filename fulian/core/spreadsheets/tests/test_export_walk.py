"""Every Excel file the platform writes, walked with hostile text in every text column of every model:
no cell is ever a formula and the text stays readable; old rows holding control characters (U+000B,
U+0001) break no export, no page and no Word file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fulian.care.tests.conftest import care  # noqa: F401  (fixtures of the ledgers the world is built on)
from fulian.cases.tests.conftest import cw  # noqa: F401
from fulian.core.spreadsheets.spec import _EXPORTS
from fulian.employment.tests.conftest import empl  # noqa: F401
from fulian.health.tests.conftest import health  # noqa: F401

from .world import HOSTILE, body, build, fill_text, laid_out_exports, word_files, workbook_cells

pytestmark = pytest.mark.django_db
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The registered specs the walk expects (a new export spec must be added here, and is then walked).
SPECS = {
    "people", "activities", "aid-applications", "aid-disbursements", "care_pairings", "care_volunteers",
    "care_visits", "health_screenings", "employment_trainees", "employment_entrepreneurs", "employment_loans",
    "publicity_pieces", "office_documents",
    "resources-donations", "resources-uses", "resources-services",
}  # fmt: skip


@pytest.fixture
def world(cast, care, health, empl, cw):  # noqa: F811
    return build(cast, care=care, health=health, empl=empl, cw=cw)


@pytest.fixture
def boss(cast):
    from conftest import make_user

    return make_user("boss", is_superuser=True)


def all_exports(cast, world, boss) -> list[tuple[str, str, object]]:
    """(name, url, user) of every export: each registered spec (as a superuser, who may unmask
    everywhere), then each laid-out workbook (as a user who may open it)."""
    specs = [(name, reverse("spreadsheets:export", args=[name]), boss) for name in sorted(_EXPORTS)]
    laid_out = [(module, url, user) for module, (url, user) in laid_out_exports(cast, world).items()]
    return specs + laid_out


def test_every_excel_writer_is_walked(cast, world, boss):
    """One path: only core.spreadsheets touches openpyxl, and every module writing a workbook through it
    is in the walk (registered specs are walked by name)."""
    assert set(_EXPORTS) == SPECS
    root = Path(settings.BASE_DIR)
    walked = {key.split("#")[0] for key in laid_out_exports(cast, world)}
    writers = set()
    for path in (root / "fulian").rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or rel.startswith("fulian/core/spreadsheets/"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) openpyxl", text, re.M), f"{rel} writes Excel by itself"
        view = rel.endswith("views.py") or "/views/" in rel  # a view module, or one of a views package
        if re.search(r"\b(Book|table_workbook|xlsx_response)\(", text) and not view:
            writers.add(rel)
        if "Book(" in text and view:
            writers.add(rel)
    assert writers <= walked, f"not walked: {writers - walked}"


def _readable(value: str) -> bool:
    rest = value[1:].replace("\r", "\n")
    return any(rest.startswith(h.replace("\r", "\n")[:4]) for h in HOSTILE)


def test_hostile_text_in_every_field_stays_text_in_every_export(cast, world, boss, client):
    assert fill_text(lambda i: HOSTILE[i % len(HOSTILE)]) > 100
    for name, url, user in all_exports(cast, world, boss):
        client.force_login(user)
        cells = workbook_cells(client.get(url))
        assert not [c.coordinate for c in cells if c.data_type == "f"], f"{name}: a formula cell"
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [t for t in texts if t.startswith(TRIGGERS)], f"{name}: a live formula trigger"
        neutralised = [t for t in texts if t.startswith("'")]
        assert neutralised, f"{name}: no hostile text reached the file"
        assert all(_readable(t) for t in neutralised), name
        # a whole payload reads back exactly, behind the quote that keeps it text
        assert any(t[1:].replace("\r", "\n") in {h.replace("\r", "\n") for h in HOSTILE} for t in texts), name


def _argless_get_urls() -> list[str]:
    """Every URL of the project without arguments (pages, API lists), for the page walk."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if p.pattern.regex.groups:  # takes arguments
                continue
            route = prefix + str(p.pattern).lstrip("^").rstrip("$")
            if "<" in route or "(" in route or "\\" in route:
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    skip = ("/django-admin/logout/", "/accounts/logout/", "/api/schema/", "/api/docs/", "/static/", "/media/")
    return sorted(u for u in set(found) if not u.startswith(skip))


def test_control_characters_in_old_rows_break_no_export_page_or_word_file(cast, world, boss, client):
    """U+000B and U+0001 are refused at every boundary now, but rows written before may hold them."""
    from docx import Document

    assert fill_text(lambda i: "甲\u000b乙\u0001丙") > 100
    for name, url, user in all_exports(cast, world, boss):
        client.force_login(user)
        texts = [c.value for c in workbook_cells(client.get(url)) if isinstance(c.value, str)]
        assert any("甲 乙丙" in t for t in texts), f"{name}: the stored text is not in the file"
    for url, user in word_files(cast, world):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        doc = Document(io.BytesIO(body(response)))
        text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for r in t.rows for c in r.cells
        )
        assert "甲 乙丙" in text, url
    pages = [
        *_argless_get_urls(),
        reverse("people:detail", args=[world.people[cast.village_a1.pk].pk]),
        reverse("aid:programme", args=[world.programme.pk]),
        reverse("assessment:sheet", args=[world.sheet.pk]),
        reverse("assessment:detail", args=[world.assessment.pk]),
        reverse("surveys:detail", args=[world.questionnaire.pk]),
        reverse("reports:summary_detail", args=[world.draft.pk]),
        reverse("health:campaign_detail", args=[world.health.campaign.pk]),
        reverse("care:pairing_detail", args=[world.care.p_mine.pk]),
        reverse("employment:entrepreneur_detail", args=[world.empl.ent.pk]),
        f"/api/v1/persons/{world.people[cast.village_a1.pk].pk}/",
    ]
    client.force_login(boss)
    broken = [u for u in pages if client.get(u).status_code >= 500]
    assert not broken
    client.force_login(cast.caseworker_a)
    assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200
    assert client.get(reverse("cases:print", args=[world.case.pk])).status_code == 200
