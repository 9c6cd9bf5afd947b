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


def test_each_campaign_is_a_figure_of_its_own_with_its_records(cast, health):
    """为3200名农村妇女免费筛查；其中为低收入妇女筛查N名: two campaigns, each its own figure, adding up
    to the whole; the records behind each list that campaign's women and counts only."""
    from fulian.core import figures as contract
    from fulian.core.periods import Period
    from fulian.health.models import Campaign

    low_income = Campaign.objects.create(
        name="低收入妇女两癌筛查",
        unit=cast.county,
        started_on=health.today - datetime.timedelta(days=30),
        ended_on=health.today,
        target_count=500,
    )
    ScreeningCount.objects.create(
        campaign=low_income, village=cast.village_a2, reported_on=health.today, screened=120
    )
    start, end = _year(health)
    f = selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end)
    assert f[f"health.campaign.{health.campaign.pk}.screened"] == 2
    assert f[f"health.campaign.{low_income.pk}.screened"] == 120
    assert f["health.screened"] == 122
    town = selectors.figures(user=cast.county_user, unit=cast.town_b, start=start, end=end)
    assert town[f"health.campaign.{health.campaign.pk}.screened"] == 1
    assert f"health.campaign.{low_income.pk}.screened" not in town
    by_child = selectors.figures(
        user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True
    )
    assert by_child[cast.town_a.pk][f"health.campaign.{low_income.pk}.screened"] == 120
    assert contract.meta(f"health.campaign.{low_income.pk}.screened").label == "低收入妇女两癌筛查筛查妇女"
    period = Period(start, end, "custom")
    trace = contract.records(
        f"health.campaign.{low_income.pk}.screened", user=cast.county_user, unit=cast.county, period=period
    )
    assert trace.total() == 120
    assert [p.title for p in trace.parts] == ["实名登记筛查", "按村汇总"]
    assert trace.parts[0].rows.count() == 0


def test_the_statistics_table_has_one_row_per_kind_of_work_not_one_per_campaign(cast, health):
    """Each campaign's figure is the summary's (and opens its records); the statistics table, whose rows
    are kinds of work, keeps the whole (health.screened) and leaves the campaigns out."""
    from fulian.core import figures as contract
    from fulian.core.periods import Period
    from fulian.reports.stats_table import stats_table

    start, end = _year(health)
    key = f"health.campaign.{health.campaign.pk}.screened"
    assert contract.is_detail(key)
    assert not contract.is_detail("health.screened")
    assert not contract.is_detail("health.campaigns")
    assert contract.is_detail("care.gathering.1.20270601.children")
    assert not contract.is_detail("care.volunteers")
    table = stats_table(cast.county_user, cast.county, Period(start, end, "custom"))
    keys = [row["key"] for row in table["rows"]]
    assert key not in keys
    assert not any(k.startswith(("health.campaign.", "care.gathering.")) for k in keys)
    assert {"health.screened", "health.campaigns"} <= set(keys)
    assert contract.collect(user=cast.county_user, unit=cast.county, period=Period(start, end))[key] == 2


def test_the_figure_page_of_one_campaign_still_shows_it_by_sub_unit(cast, health, login):
    """The summary's campaign figures link to the figure page, which gives that one row."""
    import re

    from django.urls import reverse

    start, end = _year(health)
    key = f"health.campaign.{health.campaign.pk}.screened"
    query = f"?unit={cast.county.pk}&kind=custom&year={start.year}&start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
    response = login(cast.county_user).get(reverse("reports:figure", args=[key]) + query)
    assert response.status_code == 200, response.content.decode()[-800:]
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    cells = [c.strip() for c in re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", body)]
    pairs = dict(zip(cells[::2], cells[1::2], strict=False))
    assert pairs["合计"] == "2"
    assert pairs[cast.town_a.name] == "1"
    assert pairs[cast.town_b.name] == "1"
