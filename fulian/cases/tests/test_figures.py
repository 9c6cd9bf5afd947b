"""The statistics contract: figures(user, unit, start, end, group_by_child) computed by the database;
small counts shown as "不足5" to whoever may not open every case counted (more in test_small_counts.py)."""

import datetime

import pytest

from fulian.cases import selectors, services
from fulian.cases.models import Case

from .factories import make_case, make_person

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def many(clock, cw):
    """cw.case plus 6 more cases in village A1, 2 in village A2 (one closed after 5 days), 1 consultation."""
    cast = cw.cast
    for i in range(6):
        make_case(cast, channel=Case.Channel.HOTLINE if i % 2 else Case.Channel.VISIT)
    for _ in range(2):
        make_case(cast, village=cast.village_a2, person=make_person(cast.village_a2), type=Case.Type.PROPERTY)
    make_case(cast, kind=Case.Kind.CONSULTATION, type=Case.Type.MARRIAGE, answer="已解答")
    closing = Case.objects.filter(village=cast.village_a2).first()
    clock.advance(days=5)
    services.case_close(user=cast.caseworker_a, case=closing, outcome="mediated", satisfaction="satisfied")
    return cw


def test_town_totals_are_exact(many):
    f = selectors.figures(user=many.cast.chair_a, unit=many.cast.town_a, start=START, end=END)
    assert f["cases.received"] == 10
    assert f["cases.cases"] == 9
    assert f["cases.consultations"] == 1
    assert f["cases.type.domestic_violence"] == 7
    assert f["cases.type.property"] == 2
    assert f["cases.channel.hotline"] == 3
    assert f["cases.risk.red"] == 1
    assert f["cases.risk.none"] == 8
    assert f["cases.closed"] == 1
    assert f["cases.outcome.mediated"] == 1
    assert f["cases.days_to_close.avg"] == 5.0
    assert f["cases.open_at_end"] == 8


def test_cells_below_five_are_suppressed_for_whoever_does_not_open_the_cases(many):
    rows = selectors.figures(
        user=many.cast.staff_a, unit=many.cast.town_a, start=START, end=END, group_by_child=True
    )
    a1, a2 = rows[many.cast.village_a1.pk], rows[many.cast.village_a2.pk]
    assert a1["cases.received"] == 8
    assert a1["cases.type.domestic_violence"] == 8 - 1  # the consultation is 婚姻家庭
    assert a1["cases.channel.hotline"] == "不足5"
    assert a2["cases.cases"] == "不足5"
    assert a2["cases.closed"] == "不足5"
    assert a2["cases.days_to_close.avg"] is None  # one case would be identifying
    single = selectors.figures(user=many.cast.staff_a, unit=many.cast.village_a2, start=START, end=END)
    assert single["cases.cases"] == "不足5"
    chair = selectors.figures(user=many.cast.chair_a, unit=many.cast.village_a2, start=START, end=END)
    assert (chair["cases.cases"], chair["cases.days_to_close.avg"]) == (2, 5.0)  # she opens both


def test_county_sees_town_counts_unsuppressed_and_never_a_case(many):
    county = many.cast.county_user
    rows = selectors.figures(user=county, unit=many.cast.county, start=START, end=END, group_by_child=True)
    assert rows[many.cast.town_a.pk]["cases.cases"] == 9
    assert rows[many.cast.town_b.pk]["cases.cases"] == 0
    assert not selectors.case_list_visible_to(user=county).exists()


def test_period_bounds_count(many):
    f = selectors.figures(
        user=many.cast.chair_a,
        unit=many.cast.town_a,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    assert f["cases.received"] == 0
    assert f["cases.days_to_close.avg"] is None


def test_outside_the_grants_there_are_no_case_figures_at_all(many):
    other = selectors.figures(user=many.cast.chair_b, unit=many.cast.town_a, start=START, end=END)
    assert other == {}
    village = selectors.figures(user=many.cast.vchair_a1, unit=many.cast.village_a1, start=START, end=END)
    assert village == {}  # a village chair has no case statistics: not even zeros
    by_child = selectors.figures(
        user=many.cast.chair_b, unit=many.cast.town_a, start=START, end=END, group_by_child=True
    )
    assert by_child == {}


def test_every_metric_key_is_documented(many):
    doc = selectors.figures.__doc__
    f = selectors.figures(user=many.cast.chair_a, unit=many.cast.town_a, start=START, end=END)
    assert set(f) == set(selectors.metric_keys())
    for key in f:
        stem = ".".join(key.split(".")[:2])
        assert stem in doc, key


def test_figures_cost_a_fixed_number_of_queries(many, django_assert_max_num_queries):
    user = many.cast.county_user
    selectors.figures(user=user, unit=many.cast.county, start=START, end=END)  # warm the scope
    with django_assert_max_num_queries(3):
        selectors.figures(user=user, unit=many.cast.county, start=START, end=END)
    with django_assert_max_num_queries(4):
        selectors.figures(user=user, unit=many.cast.county, start=START, end=END, group_by_child=True)


def test_stats_page_shows_suppressed_cells(many, login):
    client = login(many.cast.staff_a)
    page = client.get(
        "/cases/stats/", {"unit": many.cast.town_a.pk, "start": "2026-01-01", "end": "2026-12-31"}
    ).content.decode()
    assert "不足5" in page
    assert "红旗村" in page


def test_county_reaches_the_counts_from_the_menu(cw, login):
    home = login(cw.cast.county_user).get("/").content.decode()
    assert 'href="/cases/stats/"' in home
    assert 'href="/cases/"' not in home
