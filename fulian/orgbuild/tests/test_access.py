"""Four checks on every page and API endpoint of organisation building: the right user gets it, an
outsider gets 404 (or a list without town A's records), a wrong role 403, anonymous goes to login."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fulian.core.testing import access
from fulian.orgbuild import services
from fulian.orgbuild.models import Contest, Election, Place, Step
from fulian.orgs.models import FederationMember, Position

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def ob(cast, community, clock):
    clock.set(D(2027, 6, 15))
    user = cast.chair_a
    e = services.election_create(
        user=user,
        unit=cast.village_a1,
        kind=Election.Kind.RESTRUCTURE,
        title="青龙村妇代会改建妇联",
        representative_seats=10,
        committee_seats=5,
        ratio_percent=0,
    )
    plan = SimpleUploadedFile("工作方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    step = services.step_record(
        user=user, election=e, kind=Step.Kind.PLAN, done_on=D(2027, 3, 2), place="青龙村委会", attachment=plan
    )
    g = community.groups[0]
    services.seats_allocate(user=user, election=e, women=dict.fromkeys(community.groups, (10, True)))
    cand, _ = (
        services.candidate_add(user=user, election=e, contest=Contest.REPRESENTATIVE, person=p, group=g)
        for p in community.women[g.pk][:2]  # 一组 has 2 of the 10 seats
    )
    rnd = services.round_open(
        user=user,
        election=e,
        contest=Contest.REPRESENTATIVE,
        group=g,
        held_on=D(2027, 3, 9),
        entitled=20,
        present=15,
    )
    member = FederationMember.objects.create(
        unit=cast.village_a1, name="柳青青", position=Position.CHAIR, term_start=D(2024, 3, 1)
    )
    training = services.training_create(
        user=user,
        unit=cast.town_a,
        kind="meeting",
        title="妇联主席以会代训",
        started_on=D(2027, 4, 1),
        ended_on=D(2027, 4, 1),
        hours=Decimal("4"),
    )
    services.attendance_add(user=user, training=training, member=member)
    place = services.place_create(
        user=user, unit=cast.village_a1, kind=Place.Kind.HOME, name="青龙村妇女之家", opened_on=D(2026, 5, 1)
    )
    return SimpleNamespace(step=step, e=e, cand=cand, rnd=rnd, member=member, training=training, place=place)


def pages(cast, ob):
    e, r = ob.e.pk, ob.rnd.pk
    return [
        # url, right user, wrong role, detail (outsider 404)
        (reverse("orgbuild:index"), "member_a1", "caseworker_a", False),
        (reverse("orgbuild:create"), "vchair_a1", "member_a1", False),
        (reverse("orgbuild:detail", args=[e]), "assessor_a", "volunteer_a1", True),
        (reverse("orgbuild:step", args=[e, "branch"]), "vchair_a1", "member_a1", True),
        (reverse("orgbuild:seats", args=[e]), "staff_a", "member_a1", True),
        (reverse("orgbuild:candidate_add", args=[e]), "vchair_a1", "assessor_a", True),
        (reverse("orgbuild:round_open", args=[e]), "chair_a", "member_a1", True),
        (reverse("orgbuild:round", args=[r]), "member_a1", "caseworker_a", True),
        (reverse("orgbuild:ballot", args=[r]), "vchair_a1", "caseworker_a", True),
        (reverse("orgbuild:step_file", args=[ob.step.pk]), "member_a1", "volunteer_a1", True),
        (reverse("orgbuild:download", args=[e, "results.xlsx"]), "member_a1", "caseworker_a", True),
        (reverse("orgbuild:download", args=[e, "announcement.docx"]), "vchair_a1", "caseworker_a", True),
        (reverse("orgbuild:download", args=[e, "filing.docx"]), "staff_a", "volunteer_a1", True),
        (reverse("orgbuild:cadres"), "member_a1", "caseworker_a", False),
        (reverse("orgbuild:cadres") + "?tab=trainings", "member_a1", "volunteer_a1", False),
        (reverse("orgbuild:cadres") + "?tab=places", "assessor_a", "caseworker_a", False),
        (reverse("orgbuild:roster", args=[cast.village_a1.pk]), "member_a1", "caseworker_a", True),
        (
            reverse("orgbuild:roster", args=[cast.village_a1.pk]) + "?format=xlsx",
            "member_a1",
            "caseworker_a",
            True,
        ),
        (reverse("orgbuild:appoint", args=[cast.village_a1.pk]), "vchair_a1", "member_a1", True),
        (reverse("orgbuild:remove", args=[ob.member.pk]), "vchair_a1", "member_a1", True),
        (reverse("orgbuild:cadre", args=[ob.member.pk]), "member_a1", "caseworker_a", True),
        (reverse("orgbuild:training_create"), "staff_a", "member_a1", False),
        (reverse("orgbuild:training", args=[ob.training.pk]), "chair_a", "caseworker_a", True),
        (reverse("orgbuild:attend", args=[ob.training.pk]), "staff_a", "member_a1", True),
        (reverse("orgbuild:place_create"), "vchair_a1", "member_a1", False),
        (reverse("orgbuild:place_edit", args=[ob.place.pk]), "vchair_a1", "member_a1", True),
    ]


def test_right_user_gets_the_page(cast, ob, login):
    access.right_user_works(login, cast, pages(cast, ob))
    file = login(cast.member_a1).get(reverse("orgbuild:step_file", args=[ob.step.pk]))
    assert b"".join(file.streaming_content) == b"%PDF-1.4 plan"
    detail = login(cast.member_a1).get(reverse("orgbuild:detail", args=[ob.e.pk])).content.decode()
    assert reverse("orgbuild:step_file", args=[ob.step.pk]) in detail


def test_wrong_role_gets_403(cast, ob, login):
    access.wrong_role_gets_403(login, cast, pages(cast, ob))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, ob, login):
    access.outsider_sees_nothing(
        login(cast.chair_b),
        pages(cast, ob),
        hidden=["青龙村妇代会改建妇联", "妇联主席以会代训", "青龙村妇女之家", "青龙村"],
    )


def test_anonymous_goes_to_login(client, cast, ob):
    access.anonymous_goes_to_login(client, pages(cast, ob))


def test_posts_four_ways(cast, ob, login, client):
    posts = [
        reverse("orgbuild:round_close", args=[ob.rnd.pk]),
        reverse("orgbuild:apply", args=[ob.e.pk]),
    ]
    for url in posts:
        assert client.post(url).status_code == 302, url
        assert "/accounts/login/" in client.post(url)["Location"]
        assert login(cast.member_a1).post(url).status_code == 403, url
        assert login(cast.chair_b).post(url).status_code == 404, url
        client.logout()
    ob.rnd.refresh_from_db()
    assert not ob.rnd.closed
    # the right user: closing a round without a box says so and changes nothing
    response = login(cast.vchair_a1).post(posts[0], follow=True)
    assert "请先登记票箱的计票结果" in response.content.decode()
    ob.rnd.refresh_from_db()
    assert not ob.rnd.closed


ENDPOINTS = ["elections", "candidates", "rounds", "posts", "trainings", "places"]


def test_api_four_ways(cast, ob, api_client):
    details = {
        "elections": ob.e.pk,
        "candidates": ob.cand.pk,
        "rounds": ob.rnd.pk,
        "posts": ob.member.pk,
        "trainings": ob.training.pk,
        "places": ob.place.pk,
    }
    for name in ENDPOINTS:
        url = f"/api/v1/orgbuild/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(cast.member_a1)
        assert api_client.get(url).json()["count"] >= 1, url
        assert api_client.get(f"{url}{details[name]}/").status_code == 200, url
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(url).json()["count"] == 0, url
        assert api_client.get(f"{url}{details[name]}/").status_code == 404, url
        api_client.force_authenticate(None)
    api_client.force_authenticate(cast.member_a1)
    data = {"unit": cast.village_a1.pk, "kind": "home", "name": "x", "status": "building"}
    assert api_client.post("/api/v1/orgbuild/places/", data).status_code == 403
    api_client.force_authenticate(cast.vchair_a1)
    created = api_client.post("/api/v1/orgbuild/places/", data)
    assert created.status_code == 201, created.json()
    assert created.json()["name"] == "x"
    bad = api_client.post("/api/v1/orgbuild/places/", {**data, "status": "in_use"})
    assert bad.status_code == 400
    assert bad.json()["opened_on"] == ["在用的阵地请填写启用日期"]
