"""Every figure is traceable to its records: for the demo's town (竹峪镇) and county (万源市), every figure
the apps register opens a list of records whose total equals the figure — for the county's staff and for
the town's chair — and the API gives the same list."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fulian.core import figures as contract
from fulian.core.periods import Period
from fulian.orgs.models import OrgUnit
from fulian.orgs.services.demo import COUNTY_CODE, TOWN_A


def _walk(user, unit, period) -> tuple[list, set]:
    """(mismatches, keys checked) for every numeric figure of the unit and period."""
    bad, checked = [], set()
    for key, value in sorted(contract.collect(user=user, unit=unit, period=period).items()):
        if not isinstance(value, int | float) and not hasattr(value, "as_tuple"):
            continue  # suppressed ("不足5") or no value: nothing to add up
        trace = contract.records(key, user=user, unit=unit, period=period)
        if contract.meta(key).kind == "share":
            if trace is None:
                bad.append((key, value, "no records"))
            continue  # a rate: its records are those rated, not a count
        if trace is None:
            bad.append((key, value, "no records"))
            continue
        checked.add(key)
        total = trace.total()
        if total is None and trace.hidden and trace.parts[0].measure.startswith("avg:"):
            continue  # a mean over cases she may not all open is not recomputed from the list
        if total != value:
            bad.append((key, value, total))
    return bad, checked


@pytest.mark.django_db
def test_every_figure_of_the_demo_town_and_county_adds_up_from_its_records():
    call_command("load_demo", stdout=StringIO())
    users = get_user_model().objects.in_bulk(["county", "town_chair"], field_name="username")
    county, town = OrgUnit.objects.get(code=COUNTY_CODE), OrgUnit.objects.get(code=TOWN_A)
    year = timezone.localdate().year
    checked: set = set()
    for period in (Period.year(year - 1), Period.year(year)):
        for user, unit in ((users["county"], county), (users["county"], town), (users["town_chair"], town)):
            bad, keys = _walk(user, unit, period)
            assert not bad, (user.username, unit.name, period.label, bad)
            checked |= keys
    assert len(checked) > 100
    apps = {key.split(".", 1)[0] for key in checked}
    assert apps >= {s.app for s in contract.sources() if s.figures is not None}
    assert any(key.startswith("assessment.draw.") for key in checked)
    assert any(key.startswith("health.campaign.") for key in checked)


@pytest.mark.django_db
def test_the_records_page_and_the_api_list_the_same_rows_masked_by_the_reader(login):
    call_command("load_demo", stdout=StringIO())
    chair = get_user_model().objects.get(username="town_chair")
    town = OrgUnit.objects.get(code=TOWN_A)
    year = timezone.localdate().year - 1
    period = Period.year(year)
    url = contract.records_url("activities.count", unit=town, period=period)
    assert url.startswith(reverse("reports:figure_records", args=["activities.count"]))
    page = login(chair).get(url)
    assert page.status_code == 200
    value = contract.value("activities.count", user=chair, unit=town, period=period)
    assert value > 0
    assert f"共{value}条记录" in page.content.decode()

    api = APIClient()
    api.force_authenticate(chair)
    query = {"key": "activities.count", "unit": town.pk, "kind": "year", "year": year}
    body = api.get(reverse("report-figure-records-list"), query).json()
    assert body["value"] == body["total"] == body["count"] == value
    assert len(body["results"]) == min(value, 100)
    first_row = body["results"][0]["cells"]
    assert first_row[1] in page.content.decode()

    # a village chair outside the town's other villages: the same key, fewer rows, never a 500
    outsider = get_user_model().objects.get(username="community_chair")
    assert login(outsider).get(url).status_code == 404
    assert api.get(reverse("report-figure-records-list"), query).status_code == 200
    api.force_authenticate(outsider)
    assert api.get(reverse("report-figure-records-list"), query).status_code == 404


@pytest.mark.django_db
def test_the_records_page_access(cast, login, client):
    url = (
        reverse("reports:figure_records", args=["activities.count"])
        + f"?unit={cast.town_a.pk}&kind=year&year=2026"
    )
    assert login(cast.chair_a).get(url).status_code == 200
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    unknown = (
        reverse("reports:figure_records", args=["nothing.here"])
        + f"?unit={cast.town_a.pk}&kind=year&year=2026"
    )
    assert login(cast.chair_a).get(unknown).status_code == 404
