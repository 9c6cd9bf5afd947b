"""公示 and objections over the API: the four checks, and the same services as the pages."""

import datetime

import pytest

from fulian.aid import services
from fulian.aid.models import Application, Notice, Objection

from .factories import make_person, make_programme


@pytest.fixture
def approved(cast):
    """An approved application of town A, not yet in a notice."""
    programme = make_programme(cast.county_user, cast.county)
    app = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1), amount=800
    )
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    app.refresh_from_db()
    assert app.status == Application.Status.APPROVED
    return app


def _notice_body(cast, app):
    return {
        "programme": app.programme_id,
        "unit": cast.town_a.pk,
        "applications": [app.pk],
        "start_date": "2027-06-15",
    }


def test_notice_create_publish_object_and_resolve_through_the_api(cast, approved, api_client):
    api_client.force_authenticate(cast.chair_a)
    created = api_client.post("/api/v1/aid/notices/", _notice_body(cast, approved), format="json")
    assert created.status_code == 201, created.json()
    notice = created.json()
    assert notice["status"] == "draft"
    assert notice["applications"] == [approved.pk]
    assert notice["end_date"] == str(datetime.date(2027, 6, 15) + datetime.timedelta(days=7))
    early = api_client.post(
        f"/api/v1/aid/notices/{notice['id']}/objections/", {"content": "x"}, format="json"
    )
    assert early.status_code == 400
    assert "公示尚未发布" in str(early.json())
    published = api_client.post(f"/api/v1/aid/notices/{notice['id']}/publish/")
    assert published.json()["status"] == "published"
    approved.refresh_from_db()
    assert approved.status == Application.Status.NOTICED
    again = api_client.post(f"/api/v1/aid/notices/{notice['id']}/publish/")
    assert again.status_code == 400
    assert "该公示已发布" in str(again.json())
    raised = api_client.post(
        f"/api/v1/aid/notices/{notice['id']}/objections/",
        {"content": "家中有经营收入", "application": approved.pk, "received_on": "2027-06-16"},
        format="json",
    )
    assert raised.status_code == 201, raised.json()
    objection = raised.json()
    assert (objection["status"], objection["application"]) == ("open", approved.pk)
    blank = api_client.post(
        f"/api/v1/aid/objections/{objection['id']}/resolve/",
        {"upheld": True, "resolution": " "},
        format="json",
    )
    assert blank.status_code == 400
    assert "resolution" in blank.json()
    upheld = api_client.post(
        f"/api/v1/aid/objections/{objection['id']}/resolve/",
        {"upheld": True, "resolution": "核实有经营收入"},
        format="json",
    )
    assert upheld.json()["status"] == "upheld"
    approved.refresh_from_db()
    assert approved.status == Application.Status.WITHDRAWN


def test_notice_refuses_an_application_outside_the_callers_scope(cast, approved, api_client):
    api_client.force_authenticate(cast.chair_b)
    refused = api_client.post("/api/v1/aid/notices/", _notice_body(cast, approved), format="json")
    assert refused.status_code == 404  # town A is not hers
    assert not Notice.objects.exists()


def test_notice_and_objection_four_ways(cast, approved, api_client):
    notice = services.notice_create(
        user=cast.chair_a, programme=approved.programme, unit=cast.town_a, applications=[approved]
    )
    services.notice_publish(user=cast.chair_a, notice=notice)
    objection = services.objection_record(user=cast.chair_a, notice=notice, content="请核实")
    reads = [f"/api/v1/aid/notices/{notice.pk}/", f"/api/v1/aid/objections/{objection.pk}/"]
    resolve = f"/api/v1/aid/objections/{objection.pk}/resolve/"
    body = {"upheld": False, "resolution": "不成立"}
    for url in reads:
        assert api_client.get(url).status_code == 401, url
    assert api_client.post(resolve, body, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    for url in reads:
        assert api_client.get(url).status_code == 404, url
    assert api_client.post(resolve, body, format="json").status_code == 404
    api_client.force_authenticate(cast.caseworker_a)
    for url in reads:
        assert api_client.get(url).status_code == 403, url
    api_client.force_authenticate(cast.assessor_a)  # reads aid, may not handle a notice
    assert api_client.get(reads[0]).status_code == 200
    assert api_client.post(resolve, body, format="json").status_code == 403
    assert (
        api_client.post(f"/api/v1/aid/notices/{notice.pk}/objections/", {"content": "x"}).status_code == 403
    )
    api_client.force_authenticate(cast.chair_a)
    assert api_client.post(resolve, body, format="json").json()["status"] == "dismissed"
    assert Objection.objects.get().resolved_by == cast.chair_a


def test_reject_needs_a_note_and_withdraw_keeps_it(cast, approved, api_client):
    programme = approved.programme
    fresh = services.application_submit(
        user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, "李娟"), amount=500
    )
    api_client.force_authenticate(cast.staff_a)
    missing = api_client.post(f"/api/v1/aid/applications/{fresh.pk}/reject/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"note": ["请填写不通过的理由"]}
    url = f"/api/v1/aid/applications/{approved.pk}/withdraw/"
    assert api_client.post(url, {"note": "本人迁出"}, format="json").json()["status"] == "withdrawn"
    approved.refresh_from_db()
    assert approved.decision_note == "本人迁出"


def test_programme_set_up_and_change_four_ways(cast, api_client):
    body = {
        "name": "贫困母亲救助",
        "code": "pm_town_a",
        "year": 2027,
        "unit": cast.town_a.pk,
        "budget": "50000",
        "min_amount": "300",
        "max_amount": "1000",
    }
    assert api_client.post("/api/v1/aid/programmes/", body, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post("/api/v1/aid/programmes/", body, format="json").status_code == 404
    api_client.force_authenticate(cast.staff_a)  # handles applications, sets up no programme
    assert api_client.post("/api/v1/aid/programmes/", body, format="json").status_code == 403
    api_client.force_authenticate(cast.chair_a)
    low = api_client.post("/api/v1/aid/programmes/", {**body, "max_amount": "100"}, format="json")
    assert low.status_code == 400
    made = api_client.post("/api/v1/aid/programmes/", body, format="json")
    assert made.status_code == 201, made.json()
    url = f"/api/v1/aid/programmes/{made.json()['id']}/"
    assert api_client.patch(url, {"budget": "60000"}, format="json").json()["name"] == "贫困母亲救助"
    county = make_programme(cast.county_user, cast.county)
    api_client.force_authenticate(cast.chair_b)  # sees the county's programme, may not change it
    refused = api_client.patch(f"/api/v1/aid/programmes/{county.pk}/", {"budget": "1"}, format="json")
    assert refused.status_code == 403
