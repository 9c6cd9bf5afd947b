"""Four checks on every page and endpoint of the screening ledger."""

import pytest
from django.urls import reverse

from fulian.core.testing import access

pytestmark = pytest.mark.django_db


def pages(h):
    return [
        # url, right user, wrong role, detail (outsider 404) or list (outsider sees none of town A)
        (reverse("health:campaign_list"), "vchair_a1", "member_a1", False),
        (reverse("health:campaign_create"), "chair_a", "vchair_a1", False),
        (reverse("health:campaign_detail", args=[h.campaign.pk]), "vchair_a1", "member_a1", False),
        (reverse("health:screening_create", args=[h.campaign.pk]), "vchair_a1", "assessor_a", False),
        (reverse("health:count_create", args=[h.campaign.pk]), "vchair_a1", "assessor_a", False),
        (reverse("health:screening_detail", args=[h.s_a.pk]), "vchair_a1", "member_a1", True),
        (reverse("health:screening_result", args=[h.s_a.pk]), "staff_a", "vchair_a1", True),
    ]


def test_right_user_gets_the_page(cast, health, login):
    access.right_user_works(login, cast, pages(health))


def test_wrong_role_gets_403(cast, health, login):
    access.wrong_role_gets_403(login, cast, pages(health))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, health, login):
    access.outsider_sees_nothing(login(cast.chair_b), pages(health), hidden=["李秀英"])


def test_a_sibling_towns_campaign_is_invisible(cast, health, login):
    from fulian.health.models import Campaign

    own = Campaign.objects.create(
        name="古东关街道妇科病普查", unit=cast.town_b, started_on=health.today, ended_on=health.today
    )
    assert login(cast.vchair_a1).get(reverse("health:campaign_detail", args=[own.pk])).status_code == 404
    assert login(cast.vchair_b1).get(reverse("health:campaign_detail", args=[own.pk])).status_code == 200


def test_anonymous_goes_to_login(client, health):
    access.anonymous_goes_to_login(client, pages(health))


API = [
    "/api/v1/health/campaigns/",
    "/api/v1/health/screenings/",
    "/api/v1/health/counts/",
    "/api/v1/health/hospitals/",
]


def test_api_four_ways(cast, health, api_client):
    for url in API:
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.member_a1)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(cast.vchair_a1)
        assert api_client.get(url).status_code == 200, url
        api_client.force_authenticate(None)
    detail = f"/api/v1/health/screenings/{health.s_a.pk}/"
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(detail).status_code == 404
    ids = [r["id"] for r in api_client.get("/api/v1/health/screenings/").json()["results"]]
    assert ids == [health.s_b.pk]
    api_client.force_authenticate(cast.chair_a)
    assert api_client.get(detail).status_code == 200
    result_url = f"/api/v1/health/screenings/{health.s_a.pk}/result/"
    api_client.force_authenticate(cast.vchair_a1)
    assert api_client.post(result_url, {"result": "normal"}).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.post(result_url, {"result": "normal"}).status_code == 401
