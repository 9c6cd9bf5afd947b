"""Four checks on every page and API endpoint of resources, projects and services: the right user gets it,
an outsider gets 404 (or a list without town A's records), a wrong role 403, anonymous goes to login; and
every page that writes, posted four ways."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fulian.core.testing import access
from fulian.core.tests.pages import post_four_ways
from fulian.resources import services
from fulian.resources.models import (
    Donation,
    Fund,
    FundUse,
    Milestone,
    Pairing,
    PairingActivity,
    Project,
    ServiceRecord,
)

from .factories import D, fund_with, kind, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def res(cast, clock):
    clock.set(D(2027, 6, 15))
    fund = fund_with(cast, "1000")
    donation = Donation.objects.get(fund=fund)
    use = services.use_record(
        user=cast.chair_a,
        fund=fund,
        target="unit",
        recipient="青龙村",
        amount=Decimal("100"),
        used_on=D(2027, 5, 1),
    )
    person = make_person(cast.village_a1, "王秀英")
    service = services.service_record(
        user=cast.vchair_a1, person=person, kind=kind(), handled_on=D(2027, 5, 2)
    )
    project = services.project_create(
        user=cast.vchair_a1,
        unit=cast.village_a1,
        name="青龙村儿童之家",
        type="children_home",
        proposed_on=D(2027, 3, 1),
    )
    pairing = services.pairing_create(
        user=cast.vchair_a1, unit=cast.village_a1, type="schools", party_a="青龙村小学", party_b="黄钟学校",
        started_on=D(2027, 3, 1),
    )  # fmt: skip
    return SimpleNamespace(
        fund=fund,
        donation=donation,
        use=use,
        person=person,
        service=service,
        project=project,
        pairing=pairing,
    )


def pages(res):
    f, d, p, pr = res.fund.pk, res.donation.pk, res.project.pk, res.pairing.pk
    return [
        # url, right user, wrong role, detail (outsider 404)
        (reverse("resources:funds"), "assessor_a", "caseworker_a", False),
        (reverse("resources:fund_create"), "staff_a", "vchair_a1", False),
        (reverse("resources:fund", args=[f]), "assessor_a", "volunteer_a1", True),
        (reverse("resources:donation_create", args=[f]), "staff_a", "assessor_a", True),
        (reverse("resources:use_create", args=[f]), "chair_a", "assessor_a", True),
        (reverse("resources:donation_edit", args=[d]), "staff_a", "assessor_a", True),
        (reverse("resources:receipt", args=[d]), "assessor_a", "caseworker_a", True),
        (reverse("resources:services"), "member_a1", "caseworker_a", False),
        (reverse("resources:service_create"), "vchair_a1", "member_a1", False),
        (reverse("resources:projects"), "member_a1", "volunteer_a1", False),
        (reverse("resources:projects") + "?tab=pairings", "member_a1", "volunteer_a1", False),
        (reverse("resources:project_create"), "vchair_a1", "member_a1", False),
        (reverse("resources:project", args=[p]), "member_a1", "caseworker_a", True),
        (reverse("resources:project_advance", args=[p]), "vchair_a1", "member_a1", True),
        (reverse("resources:milestone_add", args=[p]), "vchair_a1", "assessor_a", True),
        (reverse("resources:pairing_create"), "vchair_a1", "member_a1", False),
        (reverse("resources:pairing", args=[pr]), "member_a1", "caseworker_a", True),
        (reverse("resources:pairing_activity_add", args=[pr]), "vchair_a1", "member_a1", True),
    ]


NAMES = ("春蕾助学金", "万源市某建材公司", "王秀英", "青龙村儿童之家", "黄钟学校")


def test_right_user_gets_the_page(cast, res, login):
    access.right_user_works(login, cast, pages(res))


def test_wrong_role_gets_403(cast, res, login):
    access.wrong_role_gets_403(login, cast, pages(res))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, res, login):
    access.outsider_sees_nothing(login(cast.chair_b), pages(res), hidden=NAMES)


def test_anonymous_goes_to_login(client, res):
    access.anonymous_goes_to_login(client, pages(res))


def test_every_writing_page_posts_four_ways(cast, res, login):
    f, p, pr = res.fund.pk, res.project.pk, res.pairing.pk
    day = "2027-06-01"
    four = {"outsider": cast.chair_b}
    post_four_ways(
        login, reverse("resources:donation_create", args=[f]),
        {"donor_kind": "person", "donor": "李女士", "kind": "money", "amount": "200", "received_on": day},
        works_as=cast.staff_a, wrong_role=cast.assessor_a, **four,
    )  # fmt: skip
    assert Donation.objects.filter(donor="李女士", receipt_seq=2).count() == 1
    post_four_ways(
        login, reverse("resources:donation_edit", args=[res.donation.pk]),
        {"donor_kind": "company", "donor": "万源市某建材公司", "amount": "1500", "received_on": "2027-03-08"},
        works_as=cast.staff_a, wrong_role=cast.assessor_a, **four,
    )  # fmt: skip
    post_four_ways(
        login, reverse("resources:use_create", args=[f]),
        {"target": "disaster", "kind": "money", "recipient": "洪灾受灾户", "amount": "300", "used_on": day},
        works_as=cast.chair_a, wrong_role=cast.assessor_a, **four,
    )  # fmt: skip
    assert FundUse.objects.filter(recipient="洪灾受灾户").count() == 1
    post_four_ways(
        login, reverse("resources:use_cancel", args=[res.use.pk]), {"cancel_reason": "重复"},
        works_as=cast.chair_a, wrong_role=cast.assessor_a, **four,
    )  # fmt: skip
    res.use.refresh_from_db()
    assert res.use.status == "cancelled"
    extra = Donation.objects.get(donor="李女士")
    post_four_ways(
        login, reverse("resources:donation_cancel", args=[extra.pk]), {"cancel_reason": "退回"},
        works_as=cast.chair_a, wrong_role=cast.assessor_a, **four,
    )  # fmt: skip
    extra.refresh_from_db()
    assert (extra.status, extra.cancel_reason) == ("cancelled", "退回")
    post_four_ways(
        login, reverse("resources:project_advance", args=[p]), {"done_on": day},
        works_as=cast.vchair_a1, wrong_role=cast.member_a1, **four,
    )  # fmt: skip
    post_four_ways(
        login, reverse("resources:milestone_add", args=[p]), {"done_on": day, "title": "选定场地"},
        works_as=cast.vchair_a1, wrong_role=cast.member_a1, **four,
    )  # fmt: skip
    assert list(Project.objects.get(pk=p).milestones.values_list("title", flat=True)) == [
        "申报",
        "立项",
        "选定场地",
    ]
    post_four_ways(
        login, reverse("resources:pairing_activity_add", args=[pr]),
        {"held_on": day, "title": "手拉手读书会", "participants": "40"},
        works_as=cast.vchair_a1, wrong_role=cast.member_a1, **four,
    )  # fmt: skip
    assert PairingActivity.objects.filter(pairing=res.pairing, title="手拉手读书会").exists()
    assert Milestone.objects.filter(project_id=p).count() == 3


def test_list_pages_that_create_post_as_the_right_user(cast, res, login):
    """Create pages have no record of their own: anonymous → login, wrong role → 403, and a unit outside
    her scope is not offered (the form refuses it), then the right user creates."""
    day = "2027-06-01"
    cases = [
        (reverse("resources:fund_create"), {"unit": cast.town_a.pk, "name": "抗洪救灾"},
         cast.staff_a, cast.vchair_a1, cast.chair_b, lambda: Fund.objects.count() == 2),
        (reverse("resources:service_create"),
         {"person": res.person.pk, "kind": kind("social_insurance").pk, "handled_on": day, "outcome": "done"},
         cast.vchair_a1, cast.member_a1, cast.vchair_b1, lambda: ServiceRecord.objects.count() == 2),
        (reverse("resources:project_create"),
         {"unit": cast.village_a1.pk, "name": "居家灵活就业示范基地", "type": "employment_base",
          "is_base": "on", "proposed_on": day, "people_served": "30"},
         cast.vchair_a1, cast.member_a1, cast.vchair_b1,
         lambda: Project.objects.filter(is_base=True).count() == 1),
        (reverse("resources:pairing_create"),
         {"unit": cast.village_a1.pk, "type": "unit_village", "party_a": "市妇联", "party_b": "青龙村",
          "started_on": day},
         cast.vchair_a1, cast.member_a1, cast.vchair_b1, lambda: Pairing.objects.count() == 2),
    ]  # fmt: skip
    for url, data, right, wrong, outsider, done in cases:
        anonymous = Client().post(url, data)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous["Location"]
        assert login(wrong).post(url, data).status_code == 403, url
        assert login(outsider).post(url, data).status_code == 400, url  # the person / unit is not hers
        assert not done(), url
        response = login(right).post(url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        assert done(), url


ENDPOINTS = ["funds", "donations", "uses", "services", "projects", "pairings"]


def test_api_four_ways(cast, res, api_client):
    details = {
        "funds": res.fund.pk,
        "donations": res.donation.pk,
        "uses": res.use.pk,
        "services": res.service.pk,
        "projects": res.project.pk,
        "pairings": res.pairing.pk,
    }
    readers = {"funds": cast.assessor_a, "donations": cast.assessor_a, "uses": cast.staff_a}
    for name in ENDPOINTS:
        url = f"/api/v1/resources/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(readers.get(name, cast.member_a1))
        assert api_client.get(url).json()["count"] >= 1, url
        assert api_client.get(f"{url}{details[name]}/").status_code == 200, url
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(url).json()["count"] == 0, url
        assert api_client.get(f"{url}{details[name]}/").status_code == 404, url
        api_client.force_authenticate(None)
    api_client.force_authenticate(cast.member_a1)
    assert api_client.get("/api/v1/resources/service-kinds/").json()["count"] >= 5
    body = {
        "fund": res.fund.pk,
        "target": "unit",
        "recipient": "红旗村",
        "amount": "5000",
        "used_on": "2027-06-01",
    }
    api_client.force_authenticate(cast.assessor_a)
    assert api_client.post("/api/v1/resources/uses/", body).status_code == 403
    api_client.force_authenticate(cast.chair_a)
    refused = api_client.post("/api/v1/resources/uses/", body)
    assert refused.status_code == 400
    assert refused.json()["amount"] == ["支出5,000.00元后，春蕾助学金的资金余额将为-4,100.00元，不能透支"]
    created = api_client.post("/api/v1/resources/uses/", {**body, "amount": "900"})
    assert created.status_code == 201, created.json()
    assert api_client.get(f"/api/v1/resources/funds/{res.fund.pk}/").json()["money_left"] == "0.00"


def test_a_base_records_the_activities_it_hosted_four_ways(cast, res, login):
    from fulian.activities.tests.factories import make_activity

    base = services.project_create(
        user=cast.vchair_a1, unit=cast.village_a1, name="青龙村巾帼创业示范基地", type="entrepreneur_base",
        is_base=True, proposed_on=D(2027, 3, 1),
    )  # fmt: skip
    hosted = make_activity(cast.vchair_a1, cast.village_a1, title="手工编织培训会")
    url = reverse("resources:base_host", args=[base.pk])
    for user, status in ((cast.vchair_a1, 200), (cast.member_a1, 403), (cast.chair_b, 404)):
        assert login(user).get(url).status_code == status, user
    post_four_ways(
        login, url, {"activities": [hosted.pk]},
        works_as=cast.vchair_a1, outsider=cast.chair_b, wrong_role=cast.member_a1,
    )  # fmt: skip
    assert list(base.activities.all()) == [hosted]
    assert (
        "手工编织培训会"
        in login(cast.member_a1).get(reverse("resources:project", args=[base.pk])).content.decode()
    )
    # not a base: refused with the field named
    with pytest.raises(ValidationError) as exc:
        services.base_host(user=cast.vchair_a1, project=res.project, activities=[hosted])
    assert exc.value.message_dict["trainings"] == ["青龙村儿童之家不是基地，不能承接培训和活动"]
