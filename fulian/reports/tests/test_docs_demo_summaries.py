"""docs/reports.md shows the demo's 竹峪镇 and 万源市 summaries exactly as they are generated: this test loads
the demo on a fixed day, generates both, checks them with the summary lint, and compares them with the
documentation. After a change to the text, regenerate the documentation with

    FULIAN_WRITE_DOCS=1 .venv/bin/pytest fulian/reports/tests/test_docs_demo_summaries.py
"""

import datetime
import os
import re
from contextlib import contextmanager, nullcontext
from pathlib import Path
from unittest.mock import patch

import pytest
from django.db import connection
from django.db.models import QuerySet

from fulian.accounts.models import User
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.orgs.models import OrgUnit
from fulian.orgs.services.demo import COUNTY_CODE, TOWN_A, demo_load
from fulian.reports.selectors import plan_progress
from fulian.reports.services import summary_create
from fulian.reports.summary.docx import outline
from fulian.reports.summary.generator import generate
from fulian.reports.summary.lint import lint

DOC = Path(__file__).resolve().parents[3] / "docs" / "reports.md"
DEMO_DAY = datetime.date(2026, 12, 31)
BLOCK = re.compile(r"(<!-- demo-summary:(\S+) -->\n)(.*?)(<!-- /demo-summary -->)", re.S)


def as_markdown(draft) -> str:
    lines = []
    for kind, text in outline(draft):
        if kind == "title":
            lines.append(f"**{text}**")
        elif kind in ("h1", "h2"):
            lines.append(f"{'#### ' if kind == 'h1' else '##### '}{text}")
        else:
            lines.append(text)
    return "\n\n".join(lines) + "\n"


def fresh_ids() -> None:
    """Every table's next id as on a freshly migrated database. PostgreSQL's sequences are not rolled back
    with a test's transaction, so after other tests the demo's villages, zones and people would get other
    ids; the assessment draws' streams are labelled by village id (docs/assessment.md), so the demo's
    draws, questionnaire answers and grades would differ from a fresh database's. SQLite rolls its
    counters back with the transaction."""
    from django.apps import apps
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@contextmanager
def unordered_reversed():
    """While the demo loads, every query without an ORDER BY returns its rows in reverse: a database is
    free to return them in any order, so a seeded draw that reads one would give another demo on another
    database (or another day). The demo must come out the same."""
    real = QuerySet._fetch_all

    def fetch_all(self):
        fresh = self._result_cache is None
        real(self)
        if fresh and not self.ordered and isinstance(self._result_cache, list):
            self._result_cache.reverse()

    with patch.object(QuerySet, "_fetch_all", fetch_all):
        yield


@pytest.mark.django_db
def test_the_documented_demo_summaries_are_the_generated_ones(clock):
    """Word for word on both databases; the demo loaded with unordered query results reversed
    (documentation written without), so that a seeded draw reading an unordered queryset fails here."""
    clock.set(DEMO_DAY)
    fresh_ids()
    with nullcontext() if os.environ.get("FULIAN_WRITE_DOCS") else unordered_reversed():
        assert demo_load(today=DEMO_DAY, log=lambda _: None) is not None
    texts, problems = {}, []
    for code, username in ((TOWN_A, "town_chair"), (COUNTY_CODE, "county")):
        unit, user = OrgUnit.objects.get(code=code), User.objects.get(username=username)
        period = Period.year(DEMO_DAY.year)
        draft = summary_create(user=user, unit=unit, period=period, background=False)
        texts[unit.name] = as_markdown(draft)
        figures = collect(user=user, unit=unit, period=period)
        progress = plan_progress(user=user, unit=unit, year=period.start.year, figures=figures)
        problems += lint(generate(user=user, unit=unit, period=period), figures=figures, progress=progress)
    assert problems == []
    doc = DOC.read_text(encoding="utf-8")
    if os.environ.get("FULIAN_WRITE_DOCS"):
        doc = BLOCK.sub(lambda m: m.group(1) + texts[m.group(2)] + m.group(4), doc)
        DOC.write_text(doc, encoding="utf-8")
    documented = {m.group(2): m.group(3) for m in BLOCK.finditer(doc)}
    assert set(documented) == {"竹峪镇", "万源市"}
    for name, text in texts.items():
        assert documented[name] == text, (
            f"docs/reports.md 中{name}的示例总结与生成结果不一致（见模块说明重新生成）"
        )


@pytest.mark.django_db
def test_the_reversal_reaches_unordered_querysets_only(cast):
    """The check above is real: under it an unordered queryset comes back reversed, an ordered one not."""
    ids = sorted(OrgUnit.objects.values_list("id", flat=True))
    assert len(ids) > 2
    with unordered_reversed():
        unordered = [u.id for u in OrgUnit.objects.order_by().filter(id__in=ids)]
        ordered = [u.id for u in OrgUnit.objects.filter(id__in=ids).order_by("id")]
    assert unordered == [u.id for u in OrgUnit.objects.order_by().filter(id__in=ids)][::-1]
    assert ordered == ids
