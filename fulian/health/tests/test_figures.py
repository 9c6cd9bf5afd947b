"""figures() of the screening ledger: named records and village counts add up, by unit and period."""

import datetime

import pytest

from fulian.health import selectors
from fulian.health.models import ScreeningCount

pytestmark = pytest.mark.django_db


def _year(h):
    return h.today - datetime.timedelta(days=365), h.today


def test_named_records_and_counts_add_up(cast, health):
    ScreeningCount.objects.create(
        campaign=health.campaign,
        village=cast.village_a2,
        reported_on=health.today,
        screened=393,
        abnormal=20,
        positive=2,
        free_surgeries=2,
    )
    start, end = _year(health)
    f = selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    assert f["health.screened"] == 395
    assert f["health.screened.persons"] == 2
    assert f["health.screened.counted"] == 393
    assert f["health.positive"] == 3
    assert f["health.free_surgeries"] == 3
    assert f["health.referred"] == 1
    assert f["health.treated"] == 1
    assert f["health.campaigns"] == 1
    assert f["health.target"] == 3200
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True
    )
    assert rows[cast.town_a.pk]["health.screened"] == 394
    assert rows[cast.town_b.pk]["health.screened"] == 1
    # the county's own campaign is booked on the county itself, not on a town
    assert rows[cast.county.pk]["health.target"] == 3200


def test_village_chair_gets_her_village_only(cast, health):
    start, end = _year(health)
    f = selectors.figures(user=cast.vchair_a1, unit=cast.county, start=start, end=end)
    assert f["health.screened"] == 1
    assert f["health.positive"] == 1


def test_query_count_is_fixed(cast, health, django_assert_num_queries):
    start, end = _year(health)
    selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    with django_assert_num_queries(4):  # three families and the campaigns' figures
        selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    with django_assert_num_queries(5):
        selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True)
