"""A case figure given to a reader only as a band ("不足5") cannot be read back, exactly, from the page of
its records: the rows she may not open are said as the same band and no exact total is shown (page and
API). From five cases on, or for a reader who opens every case, the exact numbers are given."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fulian.core import figures as contract
from fulian.core.periods import Period

from .factories import make_case

pytestmark = pytest.mark.django_db


def _page_and_api(login, api_client, user, unit, period):
    url = contract.records_url("cases.cases", unit=unit, period=period)
    page = login(user).get(url)
    assert page.status_code == 200
    api_client.force_authenticate(user)
    query = {"key": "cases.cases", "unit": unit.pk, "kind": "year", "year": period.start.year}
    body = api_client.get(reverse("report-figure-records-list"), query).json()
    return page.content.decode(), body


@pytest.mark.parametrize(("cases", "banded"), [(1, True), (4, True), (5, False), (6, False)])
def test_the_county_reads_a_small_count_of_cases_only_as_a_band(cast, login, api_client, cases, banded):
    for _ in range(cases):
        make_case(cast)
    period = Period.year(timezone.localdate().year)
    html, body = _page_and_api(login, api_client, cast.county_user, cast.town_a, period)
    assert body["count"] == 0  # the county opens no case
    if banded:
        assert body["value"] == body["hidden"] == "不足5"
        assert body["total"] is None
        assert "另有不足5件记录计入该数字" in html
        assert f"另有{cases}件" not in html
        assert f'计算为 <strong data-testid="records-total">{cases}</strong>' not in html
    else:
        assert body["value"] == body["hidden"] == body["total"] == cases
        assert f"另有{cases}件记录计入该数字" in html


def test_the_chair_who_opens_every_case_reads_the_exact_count(cast, login, api_client):
    for _ in range(2):
        make_case(cast, user=cast.chair_a)
    period = Period.year(timezone.localdate().year)
    html, body = _page_and_api(login, api_client, cast.chair_a, cast.town_a, period)
    assert body["value"] == body["total"] == body["count"] == 2
    assert body["hidden"] == 0
    assert "records-hidden" not in html
