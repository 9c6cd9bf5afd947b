"""The grades as figures (assessment.graded, assessment.grade.<code>): hand-worked totals on both sides of
each cut, the breakdown adding up to the villages assessed, each grade opening its villages, and the
summary writing them as a 其中 breakdown that passes the lint and 核对.

The test rubric has three hand-scored items (10 + 20 + 20 = 50 points) and weights 0 / 40 / 60 with no
平时 score (so the total is the group's score); the cuts are 优秀 90 %, 良好 80 %, 合格 60 %."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fulian.assessment import services
from fulian.assessment.figures import figures as assessment_figures
from fulian.core.figures import collect, records
from fulian.core.periods import Period
from fulian.core.summary import plain
from fulian.reports.services import summary_create
from fulian.reports.summary.generator import generate
from fulian.reports.summary.lint import lint
from fulian.reports.verification import CHANGED, VERIFIED, verify

from .factories import hand_items, make_assessment, self_score_all, sheet_of

YEAR = 2025
PERIOD = Period.year(YEAR)


def _score(cast, a, village, chair, off: Decimal) -> None:
    """`off` points taken off the items in order (10, then 20, then 20 points), the rest at full marks."""
    sheet = sheet_of(a, village)
    self_score_all(chair, sheet)
    services.sheet_submit(user=chair, sheet=sheet)
    for i in hand_items(a):
        here = min(off, i.max_points)
        off -= here
        services.score_final(user=cast.chair_a, sheet=sheet, item=i, deduction=here, reason="台账不全")
    services.sheet_lock(user=cast.chair_a, sheet=sheet)


def _assess(cast, off_a1: str, off_a2: str, *, publish: bool = True):
    a = make_assessment(cast, year=YEAR)
    _score(cast, a, cast.village_a1, cast.vchair_a1, Decimal(off_a1))
    _score(cast, a, cast.village_a2, cast.vchair_a2, Decimal(off_a2))
    if publish:
        services.assessment_publish(user=cast.chair_a, assessment=a)
    return a


def _figures(cast) -> dict:
    return assessment_figures(user=cast.chair_a, unit=cast.town_a, start=PERIOD.start, end=PERIOD.end)


@pytest.mark.parametrize(
    ("off_a1", "off_a2", "grade_a1", "grade_a2"),
    [
        ("5", "5.5", "excellent", "good"),  # 45/50 = 90 % is 优秀; 44.5 = 89 % is 良好
        ("10", "10.5", "good", "pass"),  # 40 = 80 % is 良好; 39.5 = 79 % is 合格
        ("20", "20.5", "pass", "fail"),  # 30 = 60 % is 合格; 29.5 = 59 % is 不合格
    ],
)
def test_each_village_is_counted_in_its_grade_on_both_sides_of_a_cut(
    cast, off_a1, off_a2, grade_a1, grade_a2
):
    _assess(cast, off_a1, off_a2)
    f = _figures(cast)
    expected = {f"assessment.grade.{grade_a1}": 0, f"assessment.grade.{grade_a2}": 0}
    expected[f"assessment.grade.{grade_a1}"] += 1
    expected[f"assessment.grade.{grade_a2}"] += 1
    assert {k: v for k, v in f.items() if k.startswith("assessment.grade.")} == expected
    assert f["assessment.graded"] == f["assessment.villages"] == 2
    for key, n in expected.items():
        trace = records(key, user=cast.chair_a, unit=cast.town_a, period=PERIOD)
        assert trace.total() == n
    trace = records(f"assessment.grade.{grade_a1}", user=cast.chair_a, unit=cast.town_a, period=PERIOD)
    assert cast.village_a1.name in [r.village.name for r in trace.parts[0].rows]


def test_an_open_assessment_grades_nobody_and_the_summary_claims_no_grade(cast):
    _assess(cast, "5", "5.5", publish=False)
    f = _figures(cast)
    assert f["assessment.graded"] == 0
    assert not [k for k in f if k.startswith("assessment.grade.")]
    text = " ".join(g.text for g in generate(user=cast.chair_a, unit=cast.town_a, period=PERIOD))
    assert "评定等次" not in text
    assert "[[assessment.villages|2个]]" in text


def test_the_summary_writes_the_grades_as_a_breakdown_that_passes_the_lint(cast):
    _assess(cast, "5", "5.5")
    generated = generate(user=cast.chair_a, unit=cast.town_a, period=PERIOD)
    text = " ".join(g.text for g in generated)
    assert (
        "评定等次的村(社区)[[assessment.graded|2个]]，其中优秀[[assessment.grade.excellent|1个]]、"
        "良好[[assessment.grade.good|1个]]" in text
    )
    figures = collect(user=cast.chair_a, unit=cast.town_a, period=PERIOD)
    assert lint(generated, figures=figures) == []


def test_a_grade_edited_by_hand_fails_the_check(cast):
    _assess(cast, "5", "5.5")
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=PERIOD)
    p = draft.paragraphs.get(key="assessment.overview")
    result = {
        i.key: i.status
        for i in verify(user=cast.chair_a, draft=draft).items
        if i.key.startswith("assessment")
    }
    assert result["assessment.grade.excellent"] == VERIFIED
    assert result["assessment.graded"] == VERIFIED
    p.edited_text = plain(p.generated_text).replace("优秀1个", "优秀2个")
    p.save()
    result = {
        i.key: i.status
        for i in verify(user=cast.chair_a, draft=draft).items
        if i.key.startswith("assessment")
    }
    assert result["assessment.grade.excellent"] == CHANGED
