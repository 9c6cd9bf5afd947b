"""Care's highlights: a gathering (集体关爱活动) is the group visits of one village on one day reaching at
least three paired children; its children and volunteers are figures that open the visits, and the
summary's care paragraph leads with the largest ones (hand-worked below, both sides of each boundary)."""

from __future__ import annotations

import datetime

import pytest

from fulian.care import selectors
from fulian.care.models import Visit
from fulian.core.figures import collect, records
from fulian.core.periods import Period
from fulian.reports.summary.generator import generate
from fulian.reports.summary.lint import lint

from .factories import make_pairing, make_person, make_visit, make_volunteer

pytestmark = pytest.mark.django_db
YEAR = 2026
PERIOD = Period.year(YEAR)
JUNE_1 = datetime.date(YEAR, 6, 1)
GROUP = Visit.Kind.GROUP


def _pairings(village, n: int, *, volunteers: int, tag: str) -> list:
    mothers = [
        make_volunteer(village, f"{tag}妈妈{i}", registered_on=datetime.date(YEAR - 1, 1, 1))
        for i in range(volunteers)
    ]
    children = [make_person(village, f"{tag}儿童{i}", datetime.date(YEAR - 9, 1, 1)) for i in range(n)]
    return [
        make_pairing(mothers[i % volunteers], c, started_on=datetime.date(YEAR, 1, 5))
        for i, c in enumerate(children)
    ]


@pytest.fixture
def year(cast, clock):
    """青龙村: 4 children with 2 volunteers at a gathering on 1 June (one child also visited at home that
    day); 红旗村: 3 children with 3 volunteers on 31 December, and again on 1 January of the next year;
    a third village-day with only 2 children is no gathering."""
    clock.set(datetime.date(YEAR + 1, 1, 10))
    a1 = _pairings(cast.village_a1, 4, volunteers=2, tag="青")
    a2 = _pairings(cast.village_a2, 3, volunteers=3, tag="红")
    for p in a1:
        make_visit(p, JUNE_1, kind=GROUP)
    make_visit(a1[0], JUNE_1, kind=Visit.Kind.HOME)
    for p in a2:
        make_visit(p, datetime.date(YEAR, 12, 31), kind=GROUP)
        make_visit(p, datetime.date(YEAR + 1, 1, 1), kind=GROUP)
    for p in a1[:2]:
        make_visit(p, datetime.date(YEAR, 9, 17), kind=GROUP)
    return cast


def test_gatherings_count_distinct_children_and_volunteers_of_three_or_more_children(year):
    f = selectors.gatherings(year.chair_a, year.town_a, PERIOD.start, PERIOD.end)
    a1, a2 = year.village_a1.pk, year.village_a2.pk
    assert f == {
        f"care.gathering.{a1}.{YEAR}0601.children": 4,
        f"care.gathering.{a1}.{YEAR}0601.volunteers": 2,
        f"care.gathering.{a2}.{YEAR}1231.children": 3,  # three children: a gathering
        f"care.gathering.{a2}.{YEAR}1231.volunteers": 3,
    }  # 17 September had two children (no gathering); 1 January is next year's


def test_each_gathering_figure_opens_its_visits(year):
    key = f"care.gathering.{year.village_a1.pk}.{YEAR}0601.children"
    trace = records(key, user=year.chair_a, unit=year.town_a, period=PERIOD)
    assert trace.total() == 4
    assert trace.parts[0].rows.count() == 4  # the group visits, not the home visit of the same day
    volunteers = records(
        key.replace("children", "volunteers"), user=year.chair_a, unit=year.town_a, period=PERIOD
    )
    assert volunteers.total() == 2
    small = f"care.gathering.{year.village_a1.pk}.{YEAR}0917.children"
    assert records(small, user=year.chair_a, unit=year.town_a, period=PERIOD).total() == 0
    next_year = f"care.gathering.{year.village_a2.pk}.{YEAR + 1}0101.children"
    assert records(next_year, user=year.chair_a, unit=year.town_a, period=PERIOD).total() == 0


def test_the_care_paragraph_leads_with_the_largest_gatherings_and_passes_the_lint(year):
    generated = generate(user=year.chair_a, unit=year.town_a, period=PERIOD)
    care = next(g for g in generated if g.key == "care.pairing").text
    a1, a2 = year.village_a1.pk, year.village_a2.pk
    first = care.index(f"[[care.gathering.{a1}.{YEAR}0601.children|4名]]")
    second = care.index(f"[[care.gathering.{a2}.{YEAR}1231.children|3名]]")
    assert first < second < care.index("深入开展结对关爱行动")
    assert "6月1日，青龙村妇联开展“青龙村结对关爱集体活动”" in care
    assert f"[[care.gathering.{a1}.{YEAR}0601.volunteers|2名]]志愿者陪伴" in care
    assert "9月17日" not in care
    figures = collect(user=year.chair_a, unit=year.town_a, period=PERIOD)
    assert lint(generated, figures=figures) == []


def test_a_village_summary_names_no_place_and_another_village_sees_none(year):
    generated = generate(user=year.chair_a, unit=year.village_a1, period=PERIOD)
    care = next(g for g in generated if g.key == "care.pairing").text
    assert "青龙村妇联" not in care  # its own gathering: no other organiser named
    assert "“青龙村结对关爱集体活动”" in care
    assert f"[[care.gathering.{year.village_a1.pk}.{YEAR}0601.children|4名]]" in care
    assert "12月31日" not in care  # 红旗村's gathering is not this village's


def test_only_the_largest_two_are_figures_ties_going_to_the_earlier_day(year):
    """A third gathering in 红旗村 on 3 March, as large as its 31 December one (3 children, 3 volunteers):
    the earlier day is named, 31 December drops out of the figures (its records still open)."""
    from fulian.care.models import Pairing

    for p in Pairing.objects.filter(village=year.village_a2):
        make_visit(p, datetime.date(YEAR, 3, 3), kind=GROUP)
    f = selectors.gatherings(year.chair_a, year.town_a, PERIOD.start, PERIOD.end)
    a1, a2 = year.village_a1.pk, year.village_a2.pk
    assert sorted(k for k in f if k.endswith("children")) == [
        f"care.gathering.{a1}.{YEAR}0601.children",
        f"care.gathering.{a2}.{YEAR}0303.children",
    ]
    late = f"care.gathering.{a2}.{YEAR}1231.children"
    assert records(late, user=year.chair_a, unit=year.town_a, period=PERIOD).total() == 3
