"""A volunteer sees only her own pairings and visit records, however she asks."""

import datetime

import pytest
from django.urls import reverse

from fulian.care import selectors
from fulian.care.models import Pairing, Visit

pytestmark = pytest.mark.django_db


def test_volunteer_sees_only_her_own_pairings(cast, care):
    assert list(selectors.pairing_list_visible_to(user=cast.volunteer_a1, filters={"status": "all"})) == [
        care.p_mine
    ]
    assert set(selectors.visit_list_visible_to(user=cast.volunteer_a1)) == set(care.p_mine.visits.all())


def test_the_village_chair_sees_the_whole_village(cast, care):
    seen = set(selectors.pairing_list_visible_to(user=cast.vchair_a1, filters={"status": "all"}))
    assert seen == {care.p_mine, care.p_other}


def test_volunteer_gets_404_on_another_volunteers_pairing_page_and_api(cast, care, login, api_client):
    client = login(cast.volunteer_a1)
    assert client.get(reverse("care:pairing_detail", args=[care.p_other.pk])).status_code == 404
    assert client.get(reverse("care:pairing_detail", args=[care.p_mine.pk])).status_code == 200
    page = client.get(reverse("care:pairing_list") + "?status=all").content.decode()
    assert "王小明" in page
    assert "陈小花" not in page
    api_client.force_authenticate(cast.volunteer_a1)
    ids = [r["id"] for r in api_client.get("/api/v1/care/pairings/").json()["results"]]
    assert ids == [care.p_mine.pk]
    visits = api_client.get("/api/v1/care/visits/").json()["results"]
    assert {v["pairing"] for v in visits} == {care.p_mine.pk}
    assert api_client.get(f"/api/v1/care/pairings/{care.p_other.pk}/").status_code == 404


def test_volunteer_records_a_visit_on_her_pairing_only(cast, care, login, api_client):
    client = login(cast.volunteer_a1)
    data = {"visited_on": datetime.date.today().isoformat(), "kind": "home", "notes": "辅导作业"}
    assert client.post(reverse("care:visit_create", args=[care.p_mine.pk]), data).status_code == 302
    assert client.post(reverse("care:visit_create", args=[care.p_other.pk]), data).status_code == 404
    api_client.force_authenticate(cast.volunteer_a1)
    response = api_client.post("/api/v1/care/visits/", {**data, "pairing": care.p_other.pk})
    assert response.status_code == 400
    assert "不在您的管辖范围内" in str(response.json())
    assert Visit.objects.filter(pairing=care.p_other).count() == 1


def test_volunteer_cannot_create_or_end_pairings(cast, care, login):
    client = login(cast.volunteer_a1)
    assert client.get(reverse("care:pairing_create")).status_code == 403
    url = reverse("care:pairing_end", args=[care.p_mine.pk])
    assert client.post(url, {"ended_on": "2024-01-01", "end_reason": "x"}).status_code == 403
    assert Pairing.objects.get(pk=care.p_mine.pk).ended_on is None
