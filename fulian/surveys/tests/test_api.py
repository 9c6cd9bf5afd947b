"""Questionnaires over the API: create, add questions, publish links, read results; four checks each."""

from django.test import Client

from fulian.surveys.models import Link, Questionnaire

from .factories import answers, make_questionnaire

API = "/api/v1/surveys/questionnaires"


def test_create_add_questions_publish_and_read_results(cast, api_client):
    api_client.force_authenticate(cast.chair_a)
    created = api_client.post(f"{API}/", {"unit": cast.town_a.pk, "title": "满意度调查"}, format="json")
    assert created.status_code == 201, created.json()
    qid = created.json()["id"]
    bad = api_client.post(f"{API}/{qid}/questions/", {"text": "满意吗", "kind": "stars"}, format="json")
    assert bad.status_code == 400
    assert "kind" in bad.json()
    rating = api_client.post(
        f"{API}/{qid}/questions/", {"text": "您是否满意", "kind": "rating"}, format="json"
    )
    assert (rating.status_code, rating.json()["order"]) == (201, 1)
    outside = api_client.post(f"{API}/{qid}/links/", {"village": cast.village_b1.pk}, format="json")
    assert outside.status_code == 400
    assert "不在本问卷的范围内" in str(outside.json())
    made = api_client.post(f"{API}/{qid}/links/", {"village": cast.village_a1.pk, "count": 2}, format="json")
    assert made.status_code == 201
    assert len(made.json()) == 2
    url = made.json()[0]["url"]
    q = Questionnaire.objects.get(pk=qid)
    answered = Client().post(url, answers(q, 4))
    assert answered.status_code in {200, 302}
    results = api_client.get(f"{API}/{qid}/results/").json()
    assert results["responses"] == 1
    late = api_client.post(f"{API}/{qid}/questions/", {"text": "再加一题", "kind": "text"}, format="json")
    assert late.status_code == 400
    assert "已有答卷" in str(late.json())


def test_questionnaire_writes_four_ways(cast, api_client):
    q = make_questionnaire(cast)
    calls = [
        (f"{API}/", {"unit": cast.town_a.pk, "title": "调查"}),
        (f"{API}/{q.pk}/questions/", {"text": "建议", "kind": "text"}),
        (f"{API}/{q.pk}/links/", {"village": cast.village_a1.pk}),
    ]
    for url, body in calls:
        assert api_client.post(url, body, format="json").status_code == 401, url
    api_client.force_authenticate(cast.chair_b)
    for url, body in calls:
        assert api_client.post(url, body, format="json").status_code == 404, url
    api_client.force_authenticate(cast.assessor_a)  # reads results, designs nothing
    for url, body in calls:
        assert api_client.post(url, body, format="json").status_code == 403, url
    assert not Link.objects.exists()
    api_client.force_authenticate(cast.staff_a)
    for url, body in calls:
        assert api_client.post(url, body, format="json").status_code == 201, url
