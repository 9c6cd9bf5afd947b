"""Four checks for the questionnaire pages; the public link page without an account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fulian.surveys import services
from fulian.surveys.models import Link, Response

from .factories import make_questionnaire


@pytest.fixture
def world(cast):
    q = make_questionnaire(cast)
    (link,) = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    return {"q": q, "link": link}


def urls(w):
    q = w["q"].pk
    return [
        ("get", f"/surveys/{q}/", None),
        ("post", f"/surveys/{q}/questions/", {"text": "x", "kind": "text"}),
        ("post", f"/surveys/{q}/links/", {"village": "0"}),
        ("get", f"/surveys/{q}/results.xlsx", None),
        ("get", f"/surveys/links/{w['link'].pk}/qr.svg", None),
    ]


def test_staff_reach_every_page(cast, world, client):
    client.force_login(cast.chair_a)
    for method, url, data in urls(world):
        assert getattr(client, method)(url, data).status_code in (200, 302), url
    svg = client.get(f"/surveys/links/{world['link'].pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content


def test_outsider_404_wrong_role_403_anonymous_login(cast, world, client):
    client.force_login(cast.chair_b)
    for method, url, data in urls(world):
        assert getattr(client, method)(url, data).status_code == 404, url
    client.force_login(cast.vchair_a1)
    for method, url, data in urls(world):
        assert getattr(client, method)(url, data).status_code == 403, url
    client.force_login(cast.assessor_a)  # may look, may not build
    assert client.get(f"/surveys/{world['q'].pk}/").status_code == 200
    assert (
        client.post(f"/surveys/{world['q'].pk}/questions/", {"text": "x", "kind": "text"}).status_code == 403
    )
    client.logout()
    for method, url, data in urls(world):
        resp = getattr(client, method)(url, data)
        assert resp.status_code == 302
        assert "/accounts/login/" in resp["Location"]


def test_public_link_answers_without_an_account_once(cast, world, client):
    q, link = world["q"], world["link"]
    rating = q.questions.get(kind="rating")
    url = f"/surveys/s/{link.token}/"
    assert "您对本村妇联工作是否满意" in client.get(url).content.decode()
    other = q.questions.get(kind="multiple")
    page = client.post(url, {f"q{other.pk}": "义诊"}).content.decode()
    assert "请回答" in page
    assert 'value="义诊" id' in page
    assert page.count("checked") == 1  # her choice is kept
    assert client.post(url, {f"q{rating.pk}": "5"}).status_code == 200
    assert Response.objects.count() == 1
    again = client.get(url)
    assert again.status_code == 410
    assert "已使用过" in again.content.decode()
    assert client.post(url, {f"q{rating.pk}": "5"}).status_code == 410
    assert Response.objects.count() == 1


def test_expired_and_unknown_links_get_a_clear_page(cast, world, client):
    Link.objects.filter(pk=world["link"].pk).update(expires_at=timezone.now() - timedelta(days=1))
    resp = client.get(f"/surveys/s/{world['link'].token}/")
    assert resp.status_code == 410
    assert "过期" in resp.content.decode()
    resp = client.get("/surveys/s/nope/")
    assert resp.status_code == 404
    assert "不存在" in resp.content.decode()


def test_list_caps_queries(cast, world, client, django_assert_max_num_queries):
    client.force_login(cast.chair_a)
    with django_assert_max_num_queries(15):
        assert client.get("/surveys/").status_code == 200
