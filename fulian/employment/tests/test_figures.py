"""figures() of the employment ledger."""

import datetime
from decimal import Decimal

import pytest

from fulian.employment import selectors

pytestmark = pytest.mark.django_db


def test_totals_by_unit_and_child(cast, empl):
    start, end = empl.today - datetime.timedelta(days=365), empl.today
    f = selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    assert f["employment.trainings"] == 1
    assert f["employment.trainees"] == 2
    assert f["employment.trainees.certified"] == 1
    assert f["employment.fairs"] == 1
    assert f["employment.fair_attendees"] == 120
    assert f["employment.posts"] == 30
    assert f["employment.hires"] == 8
    assert f["employment.entrepreneurs"] == 1
    assert f["employment.loans"] == 1
    assert f["employment.loan_amount"] == Decimal("50000.00")
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True
    )
    assert rows[cast.town_a.pk]["employment.trainees"] == 1
    assert rows[cast.town_b.pk]["employment.trainees"] == 1
    assert rows[cast.town_a.pk]["employment.hires"] == 8
    assert rows[cast.county.pk]["employment.trainings"] == 1
    town_b = selectors.figures(user=cast.chair_b, unit=cast.town_b, start=start, end=end)
    assert town_b["employment.loans"] == 0
    assert town_b["employment.trainees"] == 1


def test_query_count_is_fixed(cast, empl, django_assert_num_queries):
    start, end = empl.today - datetime.timedelta(days=365), empl.today
    selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    with django_assert_num_queries(6):
        selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    with django_assert_num_queries(7):
        selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True)
