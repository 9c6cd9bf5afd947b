"""Four checks on every page and endpoint: right user works, outsider 404, wrong role 403, anonymous out."""

import pytest
from django.urls import reverse

from fulian.core.testing import access

pytestmark = pytest.mark.django_db


def pages(care):
    p = care.p_mine.pk
    return [
        # (url, right user attr, wrong-role user attr, outsider gets 404 (detail) or an empty list)
        (reverse("care:pairing_list"), "chair_a", "caseworker_a", False),
        (reverse("care:volunteer_list"), "vchair_a1", "caseworker_a", False),
        (reverse("care:pairing_detail", args=[p]), "vchair_a1", "caseworker_a", True),
        (reverse("care:pairing_create"), "vchair_a1", "member_a1", False),
        (reverse("care:volunteer_create"), "staff_a", "assessor_a", False),
        (reverse("care:pairing_repair", args=[p]), "chair_a", "member_a1", True),
        (reverse("care:visit_create", args=[p]), "member_a1", "assessor_a", True),
    ]


def test_right_user_gets_the_page(cast, care, login):
    access.right_user_works(login, cast, pages(care))


def test_wrong_role_gets_403(cast, care, login):
    access.wrong_role_gets_403(login, cast, pages(care))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, care, login):
    access.outsider_sees_nothing(login(cast.chair_b), pages(care), hidden=["王小明", "周芳"])


def test_anonymous_goes_to_login(client, care):
    access.anonymous_goes_to_login(client, pages(care))


def test_end_pairing_four_ways(cast, care, login, client):
    url = reverse("care:pairing_end", args=[care.p_other.pk])
    data = {"ended_on": care.p_other.started_on.isoformat(), "end_reason": "儿童随父母迁出"}
    assert client.post(url, data).status_code == 302
    assert "/accounts/login/" in client.post(url, data)["Location"]
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert login(cast.chair_b).post(url, data).status_code == 404
    assert login(cast.vchair_a1).post(url, data).status_code == 302
    care.p_other.refresh_from_db()
    assert care.p_other.ended_on == care.p_other.started_on


API = [
    ("/api/v1/care/pairings/", "/api/v1/care/pairings/{}/", "p_mine"),
    ("/api/v1/care/visits/", "/api/v1/care/visits/{}/", None),
    ("/api/v1/care/volunteers/", "/api/v1/care/volunteers/{}/", "mine"),
]


def _detail_id(care, attr):
    if attr is None:
        return care.p_mine.visits.first().pk
    return getattr(care, attr).pk


def test_api_four_ways(cast, care, api_client):
    for list_url, detail_url, attr in API:
        url = detail_url.format(_detail_id(care, attr))
        assert api_client.get(list_url).status_code == 401
        assert api_client.get(url).status_code == 401
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(list_url).status_code == 403
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(url).status_code == 404
        ids = [r["id"] for r in api_client.get(list_url).json()["results"]]
        assert _detail_id(care, attr) not in ids
        api_client.force_authenticate(cast.chair_a)
        assert api_client.get(url).status_code == 200
        assert api_client.get(list_url).json()["count"] >= 1
        api_client.force_authenticate(None)


def test_api_create_needs_change_role(cast, care, api_client):
    data = {
        "volunteer": care.other.pk,
        "child": care.free_child.pk,
        "started_on": "2020-01-01",
        "reason": "x",
    }
    api_client.force_authenticate(cast.member_a1)
    assert api_client.post("/api/v1/care/pairings/", data).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.post("/api/v1/care/pairings/", data).status_code == 401


def test_api_end_and_repair_four_ways(cast, care, api_client):
    import datetime

    today = datetime.date.today().isoformat()
    end_url = f"/api/v1/care/pairings/{care.p_other.pk}/end/"
    repair_url = f"/api/v1/care/pairings/{care.p_mine.pk}/repair/"
    end = {"ended_on": today, "end_reason": "随父母迁出"}
    repair = {"volunteer": care.other.pk, "started_on": today, "reason": "原志愿者外出务工"}
    assert api_client.post(end_url, end).status_code == 401
    api_client.force_authenticate(cast.member_a1)
    assert api_client.post(end_url, end).status_code == 403
    assert api_client.post(repair_url, repair).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(end_url, end).status_code == 404
    api_client.force_authenticate(cast.vchair_a1)
    assert api_client.post(end_url, end).status_code == 200
    response = api_client.post(repair_url, repair)
    assert response.status_code == 201
    assert response.json()["child"] == care.child1.pk
