"""/api/v1/persons/: the same scoping and masking as the pages."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from fulian.core.idcard import make_id_number
from fulian.core.models import AccessLog
from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory

LIST = "/api/v1/persons/"


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def zhang(cast):
    return PersonFactory(village=cast.village_a1, name="张丽", mobile="13912345678")


def test_list_is_scoped_and_masked(cast, zhang):
    PersonFactory(village=cast.village_b1, name="孙芳")
    response = as_user(cast.vchair_a1).get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert [r["name"] for r in rows] == ["张丽"]
    assert rows[0]["id_number_masked"] == zhang.id_number_masked
    assert "id_number" not in rows[0]
    assert rows[0]["mobile_masked"] == "139****5678"
    assert zhang.id_number not in response.content.decode()


def test_list_filters_like_the_page(cast, zhang):
    PersonFactory(village=cast.village_a1, name="王芳")
    response = as_user(cast.chair_a).get(LIST, {"q": "zl"})
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert [r["name"] for r in rows] == ["张丽"]


def test_list_four_ways(cast, zhang):
    assert as_user(cast.chair_b).get(LIST).status_code == 200
    assert zhang.name not in as_user(cast.chair_b).get(LIST).content.decode()
    assert as_user(cast.volunteer_a1).get(LIST).status_code == 403
    assert APIClient().get(LIST).status_code in (401, 403)
    assert APIClient().get(LIST).status_code == 401


def test_detail_four_ways(cast, zhang):
    url = f"{LIST}{zhang.pk}/"
    assert as_user(cast.member_a1).get(url).json()["name"] == "张丽"
    assert as_user(cast.chair_b).get(url).status_code == 404
    assert as_user(cast.volunteer_a1).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401


def test_village_chair_cannot_find_another_village_by_id_number_through_the_api(cast):
    other = PersonFactory(village=cast.village_a2, name="陈红")
    response = as_user(cast.vchair_a1).get(LIST, {"q": other.id_number})
    assert "陈红" not in response.content.decode()
    assert as_user(cast.vchair_a1).get(f"{LIST}{other.pk}/").status_code == 404
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH).count() == 1


def payload(cast, **kw):
    data = {
        "name": "王秀英",
        "id_number": make_id_number("511781", date(1985, 3, 8), 22),
        "village": cast.village_a1.pk,
        "mobile": "13812345678",
    }
    data.update(kw)
    return data


def test_create_four_ways(cast):
    response = as_user(cast.vchair_a1).post(LIST, payload(cast), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["gender"] == "F"
    assert body["birth_date"] == "1985-03-08"
    assert body["id_number_masked"].startswith("5117")
    assert "id_number" not in body
    # outsider: the village is outside her scope
    response = as_user(cast.chair_b).post(LIST, payload(cast, name="外人", id_number=""), format="json")
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.json()["village"][0]
    assert as_user(cast.member_a1).post(LIST, payload(cast), format="json").status_code == 403
    assert APIClient().post(LIST, payload(cast), format="json").status_code == 401
    assert Person.objects.count() == 1


def test_create_errors_in_chinese(cast):
    response = as_user(cast.vchair_a1).post(
        LIST, payload(cast, id_number="511781198503080001"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["id_number"] == ["居民身份证号校验码错误，请核对"]


def test_create_duplicate_outside_scope_is_neutral(cast):
    hidden = PersonFactory(village=cast.village_b1, name="孙秘密")
    response = as_user(cast.vchair_a1).post(LIST, payload(cast, id_number=hidden.id_number), format="json")
    assert response.status_code == 400
    assert "孙秘密" not in response.content.decode()


def test_update_four_ways(cast, zhang):
    url = f"{LIST}{zhang.pk}/"
    response = as_user(cast.vchair_a1).patch(url, {"name": "张丽华"}, format="json")
    assert response.status_code == 200, response.content
    zhang.refresh_from_db()
    assert (zhang.name, zhang.name_initials) == ("张丽华", "zlh")
    assert zhang.mobile == "13912345678"  # untouched
    assert as_user(cast.chair_b).patch(url, {"name": "x"}, format="json").status_code == 404
    assert as_user(cast.member_a1).patch(url, {"name": "x"}, format="json").status_code == 403
    assert APIClient().patch(url, {"name": "x"}, format="json").status_code == 401


def test_api_list_query_count_is_constant(cast, django_assert_max_num_queries):
    for _ in range(30):
        PersonFactory(village=cast.village_a1, id_number="")
    client = as_user(cast.chair_a)
    with django_assert_max_num_queries(10):
        assert client.get(LIST, {"sort": "strokes"}).status_code == 200


def test_list_pages_like_the_page_with_a_capped_count(cast, monkeypatch):
    from fulian.people import selectors

    for i in range(7):
        PersonFactory(village=cast.village_a1, name=f"张{'丽芳娟敏静婷红'[i]}", id_number="")
    PersonFactory(village=cast.village_a1, name="王芳", id_number="")
    monkeypatch.setattr("rest_framework.settings.api_settings.PAGE_SIZE", 3)
    client = as_user(cast.chair_a)
    first = client.get(LIST, {"q": "z"}).json()
    assert (first["count"], first["count_capped"], first["previous"]) == (7, False, None)
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert "page=" not in second["previous"]  # page 1 is the URL without a page
    names = [r["name"] for page in (first, second, third) for r in page["results"]]
    expected = [
        p.name
        for p in selectors.person_list_visible_to(user=cast.chair_a, filters=selectors.PersonFilters(q="z"))
    ]
    assert names == expected
    assert len(names) == 7
    assert client.get(LIST, {"q": "z", "page": 9}).status_code == 404
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    capped = client.get(LIST, {"q": "z"}).json()
    assert (capped["count"], capped["count_capped"]) == (4, True)
