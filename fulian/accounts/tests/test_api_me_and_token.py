"""/api/v1/me/, /api/v1/me/memberships/ and /api/v1/token/ (token login under the lockout; the tokens'
life is in test_api_tokens.py)."""

import pytest
from django.conf import settings

from fulian.accounts.models import ApiToken
from fulian.accounts.services import token_issue
from fulian.accounts.tokens import hash_key
from fulian.orgs.models import Membership

ME = "/api/v1/me/"
MEMBERSHIPS = "/api/v1/me/memberships/"
TOKEN = "/api/v1/token/"


def _auth(api_client, user):
    _, key = token_issue(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api_client


def test_me_returns_the_current_user(cast, api_client):
    response = _auth(api_client, cast.chair_a).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "id": cast.chair_a.pk,
        "username": "chair_a",
        "display_name": "王主席",
        "phone": "",
        "is_superuser": False,
    }


def test_my_memberships_are_mine_only_and_active_only(cast, api_client):
    Membership.objects.create(user=cast.chair_a, unit=cast.village_a1, role="village_chair", is_active=False)
    response = _auth(api_client, cast.chair_a).get(MEMBERSHIPS)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(m["unit_name"], m["role"], m["role_display"]) for m in results] == [
        ("竹峪镇", "town_chair", "乡镇/街道妇联主席")
    ]


def test_user_without_membership_gets_an_empty_list(cast, api_client):
    response = _auth(api_client, cast.nobody).get(MEMBERSHIPS)
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("url", [ME, MEMBERSHIPS])
def test_me_anonymous_is_401(db, api_client, url):
    assert api_client.get(url).status_code == 401


@pytest.mark.parametrize("keyword", ["Bearer", "Token"])
def test_token_obtained_with_username_and_password_works(cast, api_client, keyword):
    response = api_client.post(
        TOKEN, {"username": "chair_a", "password": cast.password, "name": "统计脚本"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    key = body["token"]
    row = ApiToken.objects.get(pk=body["id"])
    assert (row.user, row.name, row.key_hash) == (cast.chair_a, "统计脚本", hash_key(key))
    api_client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    assert api_client.get(ME).json()["username"] == "chair_a"


def test_every_call_issues_a_new_token_and_the_database_never_holds_a_key(cast, api_client):
    keys = [
        api_client.post(TOKEN, {"username": "chair_a", "password": cast.password}, format="json").json()[
            "token"
        ]
        for _ in range(3)
    ]
    assert len(set(keys)) == 3
    stored = list(ApiToken.objects.filter(user=cast.chair_a).values())
    assert len(stored) == 3
    for key in keys:
        assert all(key not in str(value) for row in stored for value in row.values())
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api_client.get(ME).status_code == 200


def test_token_wrong_password_is_400_in_chinese(cast, api_client):
    response = api_client.post(TOKEN, {"username": "chair_a", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码不正确"


def test_token_missing_field_names_it(db, api_client):
    response = api_client.post(TOKEN, {"username": "chair_a"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_token_for_deactivated_user_is_refused(cast, api_client):
    cast.chair_a.is_active = False
    cast.chair_a.save()
    response = api_client.post(TOKEN, {"username": "chair_a", "password": cast.password}, format="json")
    assert response.status_code == 400


def test_token_login_is_locked_out_after_five_failures(cast, api_client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = api_client.post(TOKEN, {"username": "chair_a", "password": "nope"}, format="json")
        assert response.status_code == 400
    response = api_client.post(TOKEN, {"username": "chair_a", "password": "nope"}, format="json")
    assert response.status_code == 429
    response = api_client.post(TOKEN, {"username": "chair_a", "password": cast.password}, format="json")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=cast.chair_a).exists()
