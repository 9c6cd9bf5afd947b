"""API: four checks per endpoint, assessors limited to their groups' villages, scoring refusals."""

from decimal import Decimal

import pytest

from fulian.assessment import services
from fulian.assessment.models import Score
from fulian.people.tests.factories import PersonFactory
from fulian.surveys.tests.factories import make_questionnaire

from .factories import item, make_assessment, make_group, sheet_of


@pytest.fixture
def world(cast):
    PersonFactory(village=cast.village_a1)
    a = make_assessment(cast)
    make_group(cast, a, villages=[cast.village_a1])
    d = services.draw_create(user=cast.chair_a, assessment=a, seed="1", village_count=1)
    q = make_questionnaire(cast, assessment=a)
    return {"a": a, "s1": sheet_of(a, cast.village_a1), "s2": sheet_of(a, cast.village_a2), "d": d, "q": q}


def urls(w):
    return [
        f"/api/v1/assessment/assessments/{w['a'].pk}/",
        f"/api/v1/assessment/assessments/{w['a'].pk}/results/",
        f"/api/v1/assessment/sheets/{w['s1'].pk}/",
        f"/api/v1/assessment/draws/{w['d'].pk}/",
        f"/api/v1/surveys/questionnaires/{w['q'].pk}/",
        f"/api/v1/surveys/questionnaires/{w['q'].pk}/results/",
    ]


def test_four_way_access(cast, world, api_client):
    for url in urls(world):
        assert api_client.get(url).status_code == 401, url
    api_client.force_authenticate(cast.chair_a)
    for url in urls(world):
        assert api_client.get(url).status_code == 200, url
    api_client.force_authenticate(cast.chair_b)
    for url in urls(world):
        assert api_client.get(url).status_code == 404, url
    api_client.force_authenticate(cast.caseworker_a)
    for url in urls(world):
        assert api_client.get(url).status_code == 403, url


def test_assessor_lists_only_her_groups_sheets_and_scores_them(cast, world, api_client):
    api_client.force_authenticate(cast.assessor_a)
    listed = api_client.get("/api/v1/assessment/sheets/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["village_name"] for r in rows] == ["青龙村"]
    assert api_client.get(f"/api/v1/assessment/sheets/{world['s2'].pk}/").status_code == 404
    it = item(world["a"], "妇联组织健全")
    url = f"/api/v1/assessment/sheets/{world['s1'].pk}/score/"
    too_much = api_client.post(url, {"item": it.pk, "part": "final", "points": "12"}, format="json")
    assert too_much.status_code == 400
    assert "超过了该项满分" in str(too_much.json())
    assert not Score.objects.exists()
    ok = api_client.post(url, {"item": it.pk, "part": "final", "points": "9", "reason": "缺"}, format="json")
    assert ok.status_code == 200
    assert Score.objects.get().points == Decimal("9")
