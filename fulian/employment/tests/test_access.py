"""Four checks on every page and endpoint of the employment ledger."""

import pytest
from django.urls import reverse

from fulian.core.testing import access

pytestmark = pytest.mark.django_db


def pages(e):
    return [
        # url, right user, wrong role, detail (outsider 404)
        (reverse("employment:index"), "member_a1", "caseworker_a", False),
        (reverse("employment:index") + "?tab=fairs", "member_a1", "volunteer_a1", False),
        (reverse("employment:index") + "?tab=entrepreneurs", "vchair_a1", "caseworker_a", False),
        (reverse("employment:training_create"), "chair_a", "member_a1", False),
        (reverse("employment:training_detail", args=[e.training.pk]), "vchair_a1", "caseworker_a", False),
        (reverse("employment:trainee_add", args=[e.training.pk]), "vchair_a1", "assessor_a", False),
        (reverse("employment:fair_create"), "staff_a", "member_a1", False),
        (reverse("employment:fair_detail", args=[e.fair.pk]), "vchair_a1", "caseworker_a", True),
        (reverse("employment:employer_add", args=[e.fair.pk]), "staff_a", "member_a1", True),
        (reverse("employment:entrepreneur_create"), "vchair_a1", "member_a1", False),
        (reverse("employment:entrepreneur_detail", args=[e.ent.pk]), "member_a1", "caseworker_a", True),
        (reverse("employment:loan_add", args=[e.ent.pk]), "vchair_a1", "assessor_a", True),
    ]


def test_right_user_gets_the_page(cast, empl, login):
    access.right_user_works(login, cast, pages(empl))


def test_wrong_role_gets_403(cast, empl, login):
    access.wrong_role_gets_403(login, cast, pages(empl))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, empl, login):
    access.outsider_sees_nothing(
        login(cast.chair_b), pages(empl), hidden=["刘翠华", "青龙电商服务部", "春风行动女性专场招聘会"]
    )


def test_county_training_shows_each_town_only_its_own_trainees(cast, empl, login):
    url = reverse("employment:training_detail", args=[empl.training.pk])
    text = login(cast.chair_b).get(url).content.decode()
    assert "吴玉珍" in text
    assert "刘翠华" not in text


def test_anonymous_goes_to_login(client, empl):
    access.anonymous_goes_to_login(client, pages(empl))


def test_loan_repaid_four_ways(cast, empl, login, client):
    url = reverse("employment:loan_repaid", args=[empl.loan.pk])
    data = {"repaid_on": empl.today.isoformat()}
    assert client.post(url, data).status_code == 302
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert login(cast.chair_b).post(url, data).status_code == 404
    empl.loan.refresh_from_db()
    assert not empl.loan.repaid
    assert login(cast.vchair_a1).post(url, data).status_code == 302
    empl.loan.refresh_from_db()
    assert empl.loan.repaid


ENDPOINTS = ["trainings", "trainees", "fairs", "employers", "entrepreneurs", "loans"]


def test_api_four_ways(cast, empl, api_client):
    details = {
        "trainees": empl.t_a.pk,
        "fairs": empl.fair.pk,
        "employers": empl.employer.pk,
        "entrepreneurs": empl.ent.pk,
        "loans": empl.loan.pk,
    }
    for name in ENDPOINTS:
        url = f"/api/v1/employment/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(cast.caseworker_a)
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(cast.vchair_a1)
        assert api_client.get(url).json()["count"] >= 1, url
        if name in details:
            assert api_client.get(f"{url}{details[name]}/").status_code == 200, url
            api_client.force_authenticate(cast.chair_b)
            assert api_client.get(f"{url}{details[name]}/").status_code == 404, url
        api_client.force_authenticate(None)
    api_client.force_authenticate(cast.member_a1)
    data = {"title": "x", "unit": cast.village_a1.pk, "started_on": "2026-01-01", "ended_on": "2026-01-02"}
    assert api_client.post("/api/v1/employment/trainings/", data).status_code == 403


def test_api_loan_repaid_four_ways(cast, empl, api_client):
    url = f"/api/v1/employment/loans/{empl.loan.pk}/repaid/"
    body = {"repaid_on": "2027-06-01"}
    assert api_client.post(url, body, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(url, body, format="json").status_code == 404
    api_client.force_authenticate(cast.member_a1)  # reads the ledger, changes nothing
    assert api_client.post(url, body, format="json").status_code == 403
    api_client.force_authenticate(cast.vchair_a1)
    future = api_client.post(url, {"repaid_on": "2027-06-16"}, format="json")  # the suite's clock: 06-15
    assert future.status_code == 400
    assert "repaid_on" in future.json()
    done = api_client.post(url, body, format="json")
    assert (done.status_code, done.json()["repaid"], done.json()["repaid_on"]) == (200, True, "2027-06-01")
