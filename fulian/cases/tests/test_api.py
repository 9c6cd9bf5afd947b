"""The case API: the same rules as the pages."""

import datetime

import pytest

from fulian.core.models import AccessLog


def test_anonymous_gets_401(cw, api_client):
    assert api_client.get("/api/v1/cases/").status_code == 401
    assert api_client.get(f"/api/v1/cases/{cw.case.pk}/").status_code == 401
    assert api_client.get("/api/v1/case-figures/").status_code == 401


@pytest.mark.parametrize("who", ["caseworker_a", "chair_a"])
def test_list_and_detail_for_those_who_may_see(cw, api_client, who):
    api_client.force_authenticate(getattr(cw.cast, who))
    listed = api_client.get("/api/v1/cases/").json()
    assert [r["number"] for r in listed["results"]] == [cw.case.number]
    assert "narrative" not in listed["results"][0]
    detail = api_client.get(f"/api/v1/cases/{cw.case.pk}/").json()
    assert detail["narrative"] == cw.case.narrative
    assert detail["person_name"] == cw.case.person.name


@pytest.mark.parametrize("who", ["vchair_a1", "volunteer_a1", "county_user", "assessor_a", "nobody"])
def test_list_is_refused_to_roles_that_may_not_see_cases(cw, api_client, who):
    api_client.force_authenticate(getattr(cw.cast, who))
    assert api_client.get("/api/v1/cases/").status_code == 403


@pytest.mark.parametrize("who", ["staff_a", "chair_b"])
def test_list_is_empty_for_holders_without_the_case(cw, api_client, who):
    api_client.force_authenticate(getattr(cw.cast, who))
    assert api_client.get("/api/v1/cases/").json()["count"] == 0


def test_a_case_is_never_deleted_or_replaced_through_the_api(cw, api_client):
    api_client.force_authenticate(cw.cast.caseworker_a)
    assert api_client.delete(f"/api/v1/cases/{cw.case.pk}/").status_code == 405
    assert api_client.put(f"/api/v1/cases/{cw.case.pk}/", {}).status_code == 405
    refused = api_client.post("/api/v1/cases/", {})  # intake: the body is checked field by field
    assert refused.status_code == 400
    assert {"handling_unit", "channel", "type", "narrative"} <= set(refused.json())


def test_list_does_not_write_the_access_log(cw, api_client):
    api_client.force_authenticate(cw.cast.chair_a)
    api_client.get("/api/v1/cases/")
    assert not AccessLog.objects.exists()


def test_figures_endpoint(cw, api_client):
    today = datetime.date.today()
    params = {"unit": cw.cast.town_a.pk, "start": f"{today.year}-01-01", "end": f"{today.year}-12-31"}
    api_client.force_authenticate(cw.cast.county_user)
    data = api_client.get("/api/v1/case-figures/", params).json()
    assert data["cases.cases"] == "不足5"  # the county opens no case: small counts suppressed at every level
    by_child = api_client.get("/api/v1/case-figures/", params | {"by_child": "1"}).json()
    assert by_child[str(cw.cast.village_a1.pk)]["cases.cases"] == "不足5"
    assert by_child[str(cw.cast.village_a2.pk)]["cases.cases"] == 0
    api_client.force_authenticate(cw.cast.chair_a)
    assert api_client.get("/api/v1/case-figures/", params).json()["cases.cases"] == 1  # she opens it
    api_client.force_authenticate(cw.cast.chair_b)
    assert api_client.get("/api/v1/case-figures/", params).status_code == 404
    api_client.force_authenticate(cw.cast.vchair_a1)
    assert api_client.get("/api/v1/case-figures/", params).status_code == 403
    api_client.force_authenticate(cw.cast.county_user)
    bad = api_client.get("/api/v1/case-figures/", params | {"start": "yesterday"})
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.json()["start"]
