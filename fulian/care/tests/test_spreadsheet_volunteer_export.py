"""The volunteer export: scoped, phone masked unless the role may unmask, logged; four access checks."""

from io import BytesIO

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fulian.core.models import AccessLog

URL = reverse("spreadsheets:export", args=["care_volunteers"])


def _rows(client):
    response = client.get(URL)
    assert response.status_code == 200
    return [
        [c.value for c in r]
        for r in load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows()
    ]


def test_export_is_scoped_masked_and_logged(cast, care, login):
    care.other.phone = "13912345678"
    care.other.save()
    town = {r[0]: r[6] for r in _rows(login(cast.chair_a))[1:]}  # the town chair may unmask
    assert {"周芳", "李红"} <= set(town)
    assert "钱英" not in town  # another town's volunteer
    assert town["李红"] == "13912345678"
    county = {r[0]: r[6] for r in _rows(login(cast.county_user))[1:]}  # the county sees all, masked
    assert "钱英" in county
    assert county["李红"] == "139****5678"
    assert (
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT, target_type="care_volunteers").count() == 2
    )


def test_export_four_ways(cast, care, login):
    assert login(cast.chair_a).get(URL).status_code == 200
    assert "钱英" not in str(_rows(login(cast.chair_a)))
    assert login(cast.nobody).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_volunteer_list_links_to_the_export(cast, care, login):
    assert URL in login(cast.chair_a).get(reverse("care:volunteer_list")).content.decode()
