"""/api/v1/units/: the tree over the API, scoped by the same policy (401 / 403 / 404)."""

import pytest

from fulian.accounts.services import token_issue
from fulian.orgs.models import Level, OrgUnit

BASE = "/api/v1/units/"


@pytest.fixture
def as_user(api_client):
    """as_user(user) -> the API client authenticated with the user's token."""

    def _as(user):
        _, key = token_issue(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return api_client

    return _as


def _names(response):
    return [u["name"] for u in response.json()["results"]]


def test_list_gives_the_users_top_units(cast, as_user):
    response = as_user(cast.chair_a).get(BASE)
    assert response.status_code == 200
    assert _names(response) == ["竹峪镇"]
    unit = response.json()["results"][0]
    assert unit["code"] == "511781106"
    assert unit["level_display"] == "乡镇/街道"
    assert unit["children_count"] == 2


def test_list_with_parent_gives_children(cast, as_user):
    response = as_user(cast.chair_a).get(BASE, {"parent": cast.town_a.pk})
    assert _names(response) == ["青龙村", "红旗村"]


def test_list_with_parent_outside_scope_is_404(cast, as_user):
    assert as_user(cast.chair_b).get(BASE, {"parent": cast.town_a.pk}).status_code == 404


def test_list_with_bad_parent_is_400_in_chinese(cast, as_user):
    response = as_user(cast.chair_a).get(BASE, {"parent": "abc"})
    assert response.status_code == 400
    assert "组织ID" in response.json()["parent"][0]


def test_detail_right_user_outsider_wrong_role_anonymous(cast, as_user, api_client):
    url = f"{BASE}{cast.village_a1.pk}/"
    response = as_user(cast.vchair_a1).get(url)
    assert response.status_code == 200
    assert response.json()["name"] == "青龙村"
    assert as_user(cast.chair_b).get(url).status_code == 404
    assert as_user(cast.vchair_a2).get(url).status_code == 404  # a sibling village is outside her scope
    assert as_user(cast.volunteer_a1).get(url).status_code == 403
    assert as_user(cast.nobody).get(url).status_code == 403
    api_client.credentials()
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_children_endpoint(cast, as_user):
    url = f"{BASE}{cast.village_a1.pk}/children/"
    response = as_user(cast.chair_a).get(url)
    assert response.status_code == 200
    assert _names(response) == ["一组"]
    assert as_user(cast.chair_b).get(url).status_code == 404
    assert as_user(cast.caseworker_a).get(url).status_code == 403


def test_tree_endpoint_is_nested_and_depth_limited(cast, as_user):
    client = as_user(cast.admin)
    tree = client.get(f"{BASE}{cast.county.pk}/tree/", {"depth": 1}).json()
    assert tree["name"] == "万源市"
    assert [c["name"] for c in tree["children"]] == ["竹峪镇", "古东关街道"]
    assert all(c["children"] == [] for c in tree["children"])
    tree = client.get(f"{BASE}{cast.county.pk}/tree/", {"depth": 3}).json()
    town_a = tree["children"][0]
    assert [v["name"] for v in town_a["children"]] == ["青龙村", "红旗村"]
    assert [g["name"] for g in town_a["children"][0]["children"]] == ["一组"]
    response = client.get(f"{BASE}{cast.county.pk}/tree/", {"depth": 9})
    assert response.status_code == 400
    assert "depth" in response.json()


def test_tree_default_depth_is_two(cast, as_user):
    tree = as_user(cast.admin).get(f"{BASE}{cast.county.pk}/tree/").json()
    assert tree["children"][0]["children"][0]["name"] == "青龙村"
    assert tree["children"][0]["children"][0]["children"] == []


def test_tree_access_checks(cast, as_user, api_client):
    url = f"{BASE}{cast.town_a.pk}/tree/"
    assert as_user(cast.chair_a).get(url).status_code == 200
    assert as_user(cast.chair_b).get(url).status_code == 404
    assert as_user(cast.volunteer_a1).get(url).status_code == 403
    api_client.credentials()
    assert api_client.get(url).status_code == 401


def test_writes_are_not_allowed(cast, as_user):
    response = as_user(cast.admin).post(BASE, {"name": "新镇", "level": Level.TOWN})
    assert response.status_code == 405


def test_session_authentication_works_too(cast, client):
    client.force_login(cast.chair_a)
    assert client.get(BASE).status_code == 200


def test_list_and_tree_query_counts_are_capped(cast, as_user, django_assert_max_num_queries):
    for i in range(40):
        OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=cast.town_a.pk), {"name": f"村{i}", "level": Level.VILLAGE}
        )
    client = as_user(cast.chair_a)
    with django_assert_max_num_queries(6):
        response = client.get(BASE, {"parent": cast.town_a.pk})
    assert response.json()["count"] == 42
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}{cast.town_a.pk}/tree/", {"depth": 2})
    assert len(response.json()["children"]) == 42
