"""figures(): the totals reports call, counted by the database in a fixed number of queries."""

import datetime

import pytest

from fulian.care import selectors
from fulian.core.scoping import forget_scope

from .factories import make_pairing, make_person, make_visit, make_volunteer, years_ago

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEAR = (TODAY - datetime.timedelta(days=365), TODAY)


def test_county_and_town_totals(cast, care):
    county = selectors.figures(user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
    assert county["care.volunteers"] == 3
    assert county["care.pairings.active"] == 3
    assert county["care.children"] == 3
    assert county["care.visits"] == 2
    assert county["care.visits.home"] == 1
    assert county["care.visits.with_needs"] == 1
    town = selectors.figures(user=cast.county_user, unit=cast.town_a, start=YEAR[0], end=YEAR[1])
    assert town["care.pairings.active"] == 2


def test_grouped_by_child_unit(cast, care):
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1], group_by_child=True
    )
    assert set(rows) == {cast.town_a.pk, cast.town_b.pk}
    assert rows[cast.town_a.pk]["care.pairings.active"] == 2
    assert rows[cast.town_b.pk]["care.pairings.active"] == 1
    assert rows[cast.town_b.pk]["care.visits"] == 0


def test_the_period_and_the_scope_apply(cast, care):
    old = (TODAY - datetime.timedelta(days=3650), TODAY - datetime.timedelta(days=3000))
    assert (
        selectors.figures(user=cast.county_user, unit=cast.county, start=old[0], end=old[1])[
            "care.pairings.active"
        ]
        == 0
    )
    mine = selectors.figures(user=cast.volunteer_a1, unit=cast.county, start=YEAR[0], end=YEAR[1])
    assert mine["care.pairings.active"] == 1
    outsider = selectors.figures(user=cast.chair_b, unit=cast.town_a, start=YEAR[0], end=YEAR[1])
    assert outsider["care.pairings.active"] == 0


def test_query_count_does_not_grow_with_records(cast, care, django_assert_num_queries):
    for i in range(20):
        v = make_volunteer(cast.village_a2, f"志愿者{i}")
        p = make_pairing(v, make_person(cast.village_a2, f"儿童{i}", years_ago(6)))
        make_visit(p, TODAY)
    forget_scope(cast.county_user)
    with django_assert_num_queries(5):  # memberships + one per family + the largest gatherings
        selectors.figures(user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
    with django_assert_num_queries(3):  # no gathering asked for: one per family, memberships cached
        selectors.figures(
            user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1], keys={"care.visits"}
        )
    with django_assert_num_queries(4):  # + the children, memberships cached
        selectors.figures(
            user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1], group_by_child=True
        )
