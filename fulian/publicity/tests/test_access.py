"""Four checks on every page and endpoint of the publicity register."""

import pytest
from django.urls import reverse

from fulian.core.testing import access

pytestmark = pytest.mark.django_db


def pages(p):
    return [
        # url, right user, wrong role, detail (outsider 404)
        (reverse("publicity:index"), "member_a1", "caseworker_a", False),
        (reverse("publicity:piece_create"), "vchair_a1", "member_a1", False),
        (reverse("publicity:ranking"), "chair_a", "volunteer_a1", False),
        (reverse("publicity:piece_detail", args=[p.a.pk]), "staff_a", "caseworker_a", True),
        (reverse("publicity:piece_detail", args=[p.a2.pk]), "member_a1", "volunteer_a1", True),
        (reverse("publicity:piece_file", args=[p.a.pk]), "staff_a", "caseworker_a", True),
        (reverse("publicity:adoption_add", args=[p.a.pk]), "chair_a", "assessor_a", True),
    ]


def test_right_user_gets_the_page(cast, pub, login):
    access.right_user_works(login, cast, pages(pub))


def test_wrong_role_gets_403(cast, pub, login):
    access.wrong_role_gets_403(login, cast, pages(pub))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, pub, login):
    access.outsider_sees_nothing(login(cast.chair_b), pages(pub), hidden=["竹峪镇妇联开展三八维权宣传"])


def test_anonymous_goes_to_login(client, pub):
    access.anonymous_goes_to_login(client, pages(pub))


def test_piece_create_posts_four_ways(cast, login, client):
    url = reverse("publicity:piece_create")
    data = {
        "title": "红旗村开展巾帼志愿服务",
        "kind": "info",
        "unit": cast.village_a2.pk,
        "authors": "陈芳",
        "written_on": "2027-06-01",
        "text": "6月1日……",
    }
    assert client.post(url, data).status_code == 302  # anonymous: to the login page
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert login(cast.chair_b).post(url, data).status_code == 400  # village A2 is no choice of hers
    response = login(cast.vchair_a2).post(url, data)
    assert response.status_code == 302
    from fulian.publicity.models import Piece

    assert Piece.objects.get(title="红旗村开展巾帼志愿服务").unit == cast.village_a2


def test_adoption_add_posts_four_ways(cast, pub, login, client):
    url = reverse("publicity:adoption_add", args=[pub.a2.pk])
    data = {"outlet": "county_fed", "submitted_on": "2027-03-09", "adopted_on": "2027-03-12"}
    assert client.post(url, data).status_code == 302
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert login(cast.chair_b).post(url, data).status_code == 404
    pub.a2.adoptions.get().refresh_from_db()
    assert pub.a2.adoptions.get().adopted_on is None
    assert login(cast.vchair_a1).post(url, data).status_code == 302
    assert str(pub.a2.adoptions.get().adopted_on) == "2027-03-12"  # the same outlet corrected, not doubled


def test_ranking_of_another_unit_outside_scope_is_404(cast, pub, login):
    url = reverse("publicity:ranking") + f"?unit={cast.town_a.pk}"
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.chair_a).get(url).status_code == 200


def test_api_four_ways(cast, pub, api_client):
    for name, detail in (("pieces", pub.a2.pk), ("adoptions", pub.a2.adoptions.first().pk)):
        url = f"/api/v1/publicity/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(cast.member_a1)
        assert api_client.get(url).json()["count"] >= 1, url
        assert api_client.get(f"{url}{detail}/").status_code == 200, url
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(f"{url}{detail}/").status_code == 404, url
        api_client.force_authenticate(None)
    api_client.force_authenticate(cast.member_a1)
    body = {
        "title": "x",
        "kind": "info",
        "unit": cast.village_a1.pk,
        "authors": "x",
        "written_on": "2027-06-01",
        "text": "x",
    }
    assert api_client.post("/api/v1/publicity/pieces/", body, format="json").status_code == 403
