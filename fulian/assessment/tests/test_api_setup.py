"""Assessment set-up over the API (rubrics, items, assessments, draws, sheet steps): four checks each, and
the pages' rules (no change after scoring starts, a new draw only with a reason)."""

from decimal import Decimal

import pytest

from fulian.assessment import services
from fulian.assessment.models import Assessment, Draw, Rubric
from fulian.people.tests.factories import PersonFactory

from .factories import item, make_assessment, make_rubric, self_score_all, sheet_of

API = "/api/v1/assessment"


@pytest.fixture
def rubric(cast):
    return make_rubric(cast.chair_a, cast.town_a)


def _calls(rubric):
    category = rubric.categories.first()
    return [
        ("post", f"{API}/rubrics/", {"unit": rubric.unit_id, "year": 2027, "title": "细则"}),
        ("post", f"{API}/rubrics/{rubric.pk}/copy/", {"year": 2026}),
        ("post", f"{API}/rubrics/{rubric.pk}/categories/", {"name": "宣传", "order": 4}),
        ("post", f"{API}/categories/{category.pk}/items/", {"title": "宣传到位", "max_points": "5"}),
        ("patch", f"{API}/items/{rubric.items().first().pk}/", {"max_points": "9"}),
        ("post", f"{API}/assessments/", {"rubric": rubric.pk}),
    ]


def test_set_up_four_ways(cast, rubric, api_client):
    calls = _calls(rubric)
    for method, url, body in calls:
        assert getattr(api_client, method)(url, body, format="json").status_code == 401, url
    api_client.force_authenticate(cast.chair_b)  # another town: the rubric is not hers
    for method, url, body in calls[1:]:
        assert getattr(api_client, method)(url, body, format="json").status_code == 404, url
    refused = api_client.post(calls[0][1], calls[0][2], format="json")
    assert refused.status_code == 404  # town A is not within her units
    api_client.force_authenticate(cast.vchair_a1)  # reads assessments, sets nothing up
    for method, url, body in calls:
        assert getattr(api_client, method)(url, body, format="json").status_code == 403, url
    api_client.force_authenticate(cast.chair_a)
    for method, url, body in calls:
        response = getattr(api_client, method)(url, body, format="json")
        assert response.status_code in {200, 201}, (url, response.json())
    assert Rubric.objects.filter(unit=cast.town_a).count() == 3
    created = Assessment.objects.get()
    assert created.title == "2025年度村级妇联工作考核"
    assert created.sheets.count() == 2
    assert rubric.items().get(title="宣传到位").max_points == Decimal("5")


def test_a_rubric_in_use_cannot_be_changed_but_can_be_copied(cast, api_client):
    a = make_assessment(cast)
    self_score_all(cast.vchair_a1, sheet_of(a, cast.village_a1))
    api_client.force_authenticate(cast.chair_a)
    it = item(a, "妇联组织健全")
    refused = api_client.patch(f"{API}/items/{it.pk}/", {"max_points": "9"}, format="json")
    assert refused.status_code == 400
    assert "已开始评分" in str(refused.json())
    assert api_client.delete(f"{API}/items/{it.pk}/").status_code == 400
    copy = api_client.post(f"{API}/rubrics/{a.rubric_id}/copy/", {}, format="json")
    assert copy.status_code == 201
    assert copy.json()["version"] == 2
    assert len(copy.json()["categories"]) == 3


def test_settings_and_bands_go_through_the_service(cast, api_client):
    a = make_assessment(cast)
    api_client.force_authenticate(cast.chair_a)
    url = f"{API}/assessments/{a.pk}/settings/"
    bad = api_client.post(url, {"weight_regular": 50, "weight_final": 60}, format="json")
    assert bad.status_code == 400
    assert "100" in str(bad.json())
    good = api_client.post(url, {"weight_regular": 30, "weight_final": 70}, format="json")
    assert (good.json()["weight_regular"], good.json()["weight_final"]) == (30, 70)
    api_client.force_authenticate(cast.assessor_a)  # scores, does not manage
    assert api_client.post(url, {"weight_regular": 40, "weight_final": 60}, format="json").status_code == 403


def test_a_second_draw_supersedes_the_first_only_with_a_reason(cast, api_client):
    a = make_assessment(cast)
    for village in (cast.village_a1, cast.village_a2):
        PersonFactory(village=village)
    api_client.force_authenticate(cast.chair_a)
    body = {"assessment": a.pk, "village_count": 1, "women_percent": "50", "seed": "7"}
    first = api_client.post(f"{API}/draws/", body, format="json")
    assert first.status_code == 201, first.json()
    again = api_client.post(f"{API}/draws/", body, format="json")
    assert again.status_code == 400
    assert again.json() == {"reason": ["重新抽取须写明原因"]}
    second = api_client.post(f"{API}/draws/", {**body, "reason": "名单有误"}, format="json")
    assert second.status_code == 201
    assert Draw.objects.get(pk=first.json()["id"]).superseded_by_id == second.json()["id"]
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(f"{API}/draws/", body, format="json").status_code == 404
    api_client.force_authenticate(cast.assessor_a)
    assert api_client.post(f"{API}/draws/", body, format="json").status_code == 403
    api_client.logout()
    assert api_client.post(f"{API}/draws/", body, format="json").status_code == 401


def test_sheet_steps_follow_the_page_rules(cast, api_client):
    a = make_assessment(cast)
    sheet = sheet_of(a, cast.village_a1)
    api_client.force_authenticate(cast.vchair_a1)
    early = api_client.post(f"{API}/sheets/{sheet.pk}/submit/")
    assert early.status_code == 400
    assert "尚未自评" in str(early.json())
    self_score_all(cast.vchair_a1, sheet)
    assert api_client.post(f"{API}/sheets/{sheet.pk}/submit/").json()["status"] == "submitted"
    assert (
        api_client.post(f"{API}/sheets/{sheet.pk}/return/", {"reason": "x"}, format="json").status_code == 403
    )
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(f"{API}/sheets/{sheet.pk}/lock/").status_code == 404
    api_client.force_authenticate(cast.chair_a)
    assert api_client.post(f"{API}/sheets/{sheet.pk}/return/", {}, format="json").status_code == 400
    returned = api_client.post(f"{API}/sheets/{sheet.pk}/return/", {"reason": "缺少佐证"}, format="json")
    assert returned.json()["status"] == "returned"
    services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    locked = api_client.post(f"{API}/sheets/{sheet.pk}/lock/")
    assert locked.status_code == 400
    assert "考核组尚未评分" in str(locked.json())


def test_score_body_is_validated_before_the_service(cast, api_client):
    a = make_assessment(cast)
    sheet = sheet_of(a, cast.village_a1)
    api_client.force_authenticate(cast.chair_a)
    url = f"{API}/sheets/{sheet.pk}/score/"
    it = item(a, "妇联组织健全")
    no_part = api_client.post(url, {"item": it.pk, "points": "8"}, format="json")
    assert no_part.status_code == 400
    assert "part" in no_part.json()
    bad_points = api_client.post(url, {"item": it.pk, "part": "final", "points": "八"}, format="json")
    assert bad_points.status_code == 400
    assert "points" in bad_points.json()
    scored = api_client.post(
        url, {"item": it.pk, "part": "final", "points": "8", "reason": "缺记录"}, format="json"
    )
    assert (scored.status_code, scored.json()["points"]) == (200, "8.00")


def test_sheet_notes_and_appeal_four_ways(cast, api_client):
    a = make_assessment(cast)
    sheet = sheet_of(a, cast.village_a1)
    notes = f"{API}/sheets/{sheet.pk}/notes/"
    appeal = f"{API}/sheets/{sheet.pk}/appeal/"
    assert api_client.post(notes, {"regular_points": "85"}, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.post(notes, {"regular_points": "85"}, format="json").status_code == 404
    api_client.force_authenticate(cast.vchair_a1)  # her own sheet: she appeals, does not score
    assert api_client.post(notes, {"regular_points": "85"}, format="json").status_code == 403
    early = api_client.post(appeal, {"content": "请复核"}, format="json")
    assert early.status_code == 400
    assert "尚未公布" in str(early.json())
    api_client.force_authenticate(cast.chair_a)
    too_high = api_client.post(notes, {"regular_points": "1000"}, format="json")
    assert too_high.status_code == 400
    assert "regular_points" in too_high.json()
    saved = api_client.post(notes, {"regular_points": "38", "cross_findings": "台账规范"}, format="json")
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["regular_points"], saved.json()["cross_findings"]) == ("38.00", "台账规范")
