"""Four-way access to every honours page and API list: the right user, an outsider (404, or nothing of
town A on a list), a wrong role (403) and anonymous (→ login)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from fulian.core.testing import access
from fulian.honours import services

from .factories import kind, make_campaign, make_person

D = datetime.date


@pytest.fixture
def hx(cast, clock):
    """A county 三八 campaign with a nomination from town A under 公示, and a title held in village A1."""
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "三八红旗手", close=D(2027, 2, 20))
    n = services.nomination_submit(
        user=cast.vchair_a1,
        campaign=campaign,
        nominated_by=cast.village_a1,
        person=make_person(cast.village_a1, "青龙村张晓丽"),
        deeds="带头致富",
    )
    services.nomination_review(user=cast.county_user, nomination=n, approve=True)
    notice = services.notice_create(
        user=cast.county_user, campaign=campaign, unit=cast.county, nominations=[n]
    )
    services.notice_publish(user=cast.county_user, notice=notice)
    objection = services.objection_record(user=cast.county_user, notice=notice, content="请核实")
    town_campaign = services.campaign_create(
        user=cast.chair_a,
        kind=kind("最美家庭"),
        year=2027,
        level=2,
        unit=cast.town_a,
        nominations_close=D(2027, 2, 20),
    )
    award = services.award_record(
        user=cast.vchair_a1,
        kind=kind("最美家庭"),
        level=1,
        year=2026,
        awarded_on=D(2026, 5, 15),
        awarding_body="青龙村妇联",
        unit=cast.village_a1,
        person=n.person,
    )
    return SimpleNamespace(
        campaign=campaign, n=n, notice=notice, objection=objection, town_campaign=town_campaign, award=award
    )


def pages(hx):
    """(url, right user, wrong role, is a record of town A)"""
    return [
        (reverse("honours:index"), "vchair_a1", "caseworker_a", False),
        (reverse("honours:kinds"), "member_a1", "caseworker_a", False),
        (reverse("honours:kind_create"), "county_user", "chair_a", False),
        (reverse("honours:kind_edit", args=[kind("女当家").pk]), "county_user", "chair_a", False),
        (reverse("honours:campaign_create"), "chair_a", "staff_a", False),
        (reverse("honours:campaign", args=[hx.town_campaign.pk]), "vchair_a1", "caseworker_a", True),
        (reverse("honours:nominate", args=[hx.town_campaign.pk]), "vchair_a1", "member_a1", True),
        (reverse("honours:nomination", args=[hx.n.pk]), "member_a1", "caseworker_a", True),
        (reverse("honours:awards"), "member_a1", "caseworker_a", False),
        (reverse("honours:award_create"), "vchair_a1", "member_a1", False),
        (reverse("honours:award", args=[hx.award.pk]), "member_a1", "caseworker_a", True),
        (reverse("honours:notice_create", args=[hx.town_campaign.pk]), "chair_a", "staff_a", True),
        (reverse("honours:campaign_export", args=[hx.town_campaign.pk]), "chair_a", "staff_a", True),
        (reverse("honours:decision", args=[hx.town_campaign.pk]), "vchair_a1", "caseworker_a", True),
        (reverse("honours:certificates", args=[hx.town_campaign.pk]), "chair_a", "staff_a", True),
    ]


def test_right_user_gets_the_page(cast, hx, login):
    access.right_user_works(login, cast, pages(hx))
    county = login(cast.county_user)
    page = county.get(reverse("honours:notice", args=[hx.notice.pk])).content.decode()
    assert reverse("honours:notice_public", args=[hx.notice.token]) in page
    nomination = login(cast.member_a1).get(reverse("honours:nomination", args=[hx.n.pk])).content.decode()
    assert "资格审查" in nomination
    person = login(cast.member_a1).get(reverse("people:detail", args=[hx.n.person_id])).content.decode()
    assert "乡镇级“最美家庭”" not in person
    assert "村级“最美家庭”" in person  # her family's title, on the registry's person page
    services.award_record(
        user=cast.county_user,
        kind=kind("巾帼示范村"),
        level=4,
        year=2026,
        awarded_on=D(2026, 9, 1),
        awarding_body="达州市妇联",
        unit=cast.county,
        village=cast.village_a1,
    )
    unit_page = login(cast.member_a1).get(reverse("orgs:unit", args=[cast.village_a1.pk])).content.decode()
    assert "市级“巾帼示范村”" in unit_page


def test_wrong_role_gets_403(cast, hx, login):
    access.wrong_role_gets_403(login, cast, pages(hx))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, hx, login):
    access.outsider_sees_nothing(login(cast.chair_b), pages(hx), hidden=["青龙村张晓丽"], may_refuse=True)


def test_anonymous_goes_to_login(client, cast, hx):
    access.anonymous_goes_to_login(client, pages(hx))


def test_the_public_notice_needs_no_login_and_masks_names(client, cast, hx):
    page = client.get(reverse("honours:notice_public", args=[hx.notice.token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "青****丽" in text
    assert "青龙村张晓丽" not in text
    assert "县级“三八红旗手”称号，现予公示" in text
    assert (
        client.get(
            reverse("honours:notice_public", args=["00000000-0000-0000-0000-000000000000"])
        ).status_code
        == 404
    )


def test_posts_four_ways(cast, hx, login, client):
    posts = [
        (reverse("honours:nomination_review", args=[hx.n.pk]), "member_a1"),
        (reverse("honours:notice_publish", args=[hx.notice.pk]), "staff_a"),
        (reverse("honours:objection_add", args=[hx.notice.pk]), "staff_a"),
        (reverse("honours:objection_resolve", args=[hx.objection.pk]), "staff_a"),
        (reverse("honours:quota_set", args=[hx.campaign.pk]), "staff_a"),
        (reverse("honours:campaign_award", args=[hx.campaign.pk]), "staff_a"),
    ]
    for url, wrong in posts:
        response = client.post(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
        assert login(getattr(cast, wrong)).post(url).status_code == 403, url
        assert login(cast.chair_b).post(url).status_code in (403, 404), url
        client.logout()
    # a town chair sees town A's nomination but the county runs the campaign: her review is refused
    response = login(cast.chair_a).post(posts[0][0], {"approve": "0", "note": "x"}, follow=True)
    assert "无权" in response.content.decode()
    hx.n.refresh_from_db()
    assert hx.n.status == hx.n.Status.NOTICED
    # the right user: the award before the period is over is refused with its reason
    response = login(cast.county_user).post(posts[5][0], {"awarded_on": "2027-02-02"}, follow=True)
    assert "公示期未满" in response.content.decode()


ENDPOINTS = ["campaigns", "nominations", "notices", "objections", "awards"]


def test_api_four_ways(cast, hx, api_client):
    details = {
        "campaigns": hx.town_campaign.pk,
        "nominations": hx.n.pk,
        "notices": hx.notice.pk,
        "objections": hx.objection.pk,
        "awards": hx.award.pk,
    }
    right = {"notices": cast.county_user, "objections": cast.county_user}
    for name in ENDPOINTS:
        url = f"/api/v1/honours/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(right.get(name, cast.member_a1))
        assert api_client.get(url).json()["count"] >= 1, url
        assert api_client.get(f"{url}{details[name]}/").status_code == 200, url
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(f"{url}{details[name]}/").status_code == 404, url
        api_client.force_authenticate(None)
    api_client.force_authenticate(cast.member_a1)
    body = {"campaign": hx.town_campaign.pk, "nominated_by": cast.village_a1.pk, "deeds": "x"}
    assert api_client.post("/api/v1/honours/nominations/", body).status_code == 403
    api_client.force_authenticate(cast.vchair_a1)
    bad = api_client.post("/api/v1/honours/nominations/", body)
    assert bad.status_code == 400
    assert bad.json() == {"person": ["请选择家庭代表（服务对象）"]}
