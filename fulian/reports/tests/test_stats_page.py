"""The statistics page reads: this year for her unit on arrival, figures formatted, — for nothing,
a stable order, totals first."""

import datetime
import re

import pytest
from django.urls import reverse

from fulian.activities.tests.factories import make_activity
from fulian.people.tests.factories import PersonFactory

URL = reverse("reports:stats")


@pytest.fixture
def this_year(monkeypatch):
    """The clock on 15 June 2026 (the page's 'this year')."""
    now = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.timezone.utc)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    return now.date()


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-key="([^"]+)"', html)


def test_arrival_shows_this_year_for_her_unit(cast, this_year, login):
    response = login(cast.chair_a).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="stats-table"' in html
    assert "竹峪镇 · 2026年" in html


def test_money_is_formatted_and_empty_values_are_dashes(cast, this_year, login):
    make_activity(cast.chair_a, cast.village_a1, title="三八节", day=this_year, money_spent="700000")
    html = login(cast.chair_a).get(URL).content.decode()
    assert "700,000.00" in html
    assert "700000.00" not in html
    assert "None" not in html


def test_rows_come_area_by_area_in_a_stable_order_and_totals_first(cast, this_year, login):
    PersonFactory(village=cast.village_a1)
    make_activity(cast.chair_a, cast.village_a1, title="三八节", day=this_year)
    client = login(cast.chair_a)
    first, second = client.get(URL).content.decode(), client.get(URL).content.decode()
    assert _rows(first) == _rows(second)
    areas = re.findall(r'data-testid="stats-area"><th[^>]*>([^<]+)</th>', first)
    assert len(areas) == len(set(areas))  # each area once: its rows are together
    head = re.search(r"<thead>(.*?)</thead>", first, re.S).group(1)
    columns = re.findall(r"<th[^>]*>([^<]+)</th>", head)
    assert columns[:4] == ["指标", "合计", "去年同期", "增减"]
    assert columns[4:] == ["青龙村", "红旗村"]  # sub-units in the tree's order


def test_the_figure_page_lists_sub_units_with_the_total_first(cast, this_year, login):
    make_activity(cast.chair_a, cast.village_a1, title="三八节", day=this_year)
    query = f"?unit={cast.town_a.pk}&kind=year&year=2026"
    html = (
        login(cast.chair_a).get(reverse("reports:figure", args=["activities.count"]) + query).content.decode()
    )
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    assert re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", body)[::2] == ["合计", "青龙村", "红旗村"]
