"""API tokens with a life: expiry at the boundary, every way a token is revoked (401 in Chinese), the
per-user cap, the 我的API令牌 page and the managers' revoke buttons with their four access checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fulian.accounts import services
from fulian.accounts.models import ApiToken

ME = "/api/v1/me/"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
NEW = "Qz7mountain-Rv"


@pytest.fixture
def clock(monkeypatch):
    """clock.now = <aware datetime>: what django.utils.timezone.now() answers from then on."""

    class Clock:
        now = T0

    c = Clock()
    monkeypatch.setattr("django.utils.timezone.now", lambda: c.now)
    return c


@pytest.fixture
def days(settings):
    settings.FULIAN = {**settings.FULIAN, "API_TOKEN_DAYS": 30, "API_TOKENS_PER_USER": 3}
    return 30


def _get(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api_client.get(ME)


def _refused(response, message: str) -> None:
    assert response.status_code == 401
    assert response.json()["detail"].startswith(message), response.json()
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("after", "works"),
    [
        (dt.timedelta(days=30) - dt.timedelta(seconds=1), True),
        (dt.timedelta(days=30), False),
        (dt.timedelta(days=30, seconds=1), False),
    ],
)
def test_a_token_lives_exactly_the_configured_days(cast, api_client, clock, days, after, works):
    token, key = services.token_issue(user=cast.chair_a)
    assert token.expires_at == T0 + dt.timedelta(days=days)
    clock.now = T0 + after
    response = _get(api_client, key)
    if works:
        assert response.status_code == 200
    else:
        _refused(response, "令牌已过期，请重新获取")


def test_unknown_and_malformed_tokens_are_401_in_chinese(cast, api_client):
    _refused(_get(api_client, "fl_not-a-token"), "令牌无效，请重新获取")
    api_client.credentials(HTTP_AUTHORIZATION="Bearer")
    _refused(api_client.get(ME), "请求头格式不正确")
    api_client.credentials(HTTP_AUTHORIZATION="Bearer a b")
    _refused(api_client.get(ME), "请求头格式不正确")


def _change_own(cast):
    services.password_change(user=cast.vchair_a1, old_password=cast.password, new_password=NEW)


def _manager_resets(cast):
    services.user_set_password(actor=cast.chair_a, user=cast.vchair_a1, password=NEW)


def _admin_site_or_command(cast):
    user = cast.vchair_a1
    user.set_password(NEW)
    user.save()


def _deactivated(cast):
    services.user_set_active(actor=cast.chair_a, user=cast.vchair_a1, is_active=False)


def _user_revokes(cast):
    token = ApiToken.live().get(user=cast.vchair_a1)
    services.token_revoke(actor=cast.vchair_a1, token=token)


def _manager_revokes_all(cast):
    assert services.tokens_revoke_all(actor=cast.chair_a, user=cast.vchair_a1) == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (_change_own, "密码已修改"),
        (_manager_resets, "密码已修改"),
        (_admin_site_or_command, "密码已修改"),
        (_deactivated, "账号已停用"),
        (_user_revokes, "本人撤销"),
        (_manager_revokes_all, "管理员撤销"),
    ],
)
def test_every_revocation_path_ends_the_token_with_a_401_that_says_why(cast, api_client, path, reason):
    _, key = services.token_issue(user=cast.vchair_a1)
    _, other = services.token_issue(user=cast.vchair_a2)
    assert _get(api_client, key).status_code == 200
    path(cast)
    _refused(_get(api_client, key), f"令牌已被撤销（{reason}），请重新获取")
    assert _get(api_client, other).status_code == 200  # another user's token is untouched


def test_saving_a_user_without_a_new_password_keeps_her_tokens(cast, api_client):
    _, key = services.token_issue(user=cast.vchair_a1)
    services.user_update(actor=cast.chair_a, user=cast.vchair_a1, display_name="张丽丽")
    assert _get(api_client, key).status_code == 200


def test_a_deactivated_account_gets_no_token(cast):
    cast.vchair_a1.is_active = False
    cast.vchair_a1.save()
    with pytest.raises(ValidationError, match="账号已停用"):
        services.token_issue(user=cast.vchair_a1)


def test_only_her_manager_may_revoke_her_tokens(cast):
    token, _ = services.token_issue(user=cast.vchair_a1)
    with pytest.raises(PermissionDenied, match="您无权管理该用户的账号"):
        services.token_revoke(actor=cast.chair_b, token=token)
    with pytest.raises(PermissionDenied, match="您无权管理该用户的账号"):
        services.token_revoke(actor=cast.vchair_a2, token=token)
    services.token_revoke(actor=cast.chair_a, token=token)
    token.refresh_from_db()
    assert (token.revoked_reason, token.revoked_by) == (ApiToken.Reason.MANAGER, cast.chair_a)
    with pytest.raises(ValidationError, match="该令牌已撤销"):
        services.token_revoke(actor=cast.vchair_a1, token=token)


def test_beyond_the_cap_the_oldest_live_tokens_are_revoked(cast, clock, days):
    issued = []
    for i in range(4):
        clock.now = T0 + dt.timedelta(minutes=i)
        issued.append(services.token_issue(user=cast.chair_a, name=f"脚本{i}")[0])
    live = list(ApiToken.live().filter(user=cast.chair_a).values_list("name", flat=True))
    assert live == ["脚本3", "脚本2", "脚本1"]
    issued[0].refresh_from_db()
    assert issued[0].revoked_reason == ApiToken.Reason.LIMIT


def test_ended_tokens_are_kept_for_the_list_up_to_a_limit(cast, clock, days, monkeypatch):
    monkeypatch.setattr(services, "ENDED_TOKENS_KEPT", 2)
    for i in range(6):  # cap 3 live: tokens 0, 1, 2 end as newer ones arrive
        clock.now = T0 + dt.timedelta(minutes=i)
        services.token_issue(user=cast.chair_a, name=f"脚本{i}")
    names = list(ApiToken.objects.filter(user=cast.chair_a).values_list("name", flat=True))
    assert names == ["脚本5", "脚本4", "脚本3", "脚本2", "脚本1"]  # 3 live, the 2 newest ended


def test_last_used_is_written_at_most_once_a_minute(cast, api_client, clock):
    token, key = services.token_issue(user=cast.chair_a)
    assert token.last_used_at is None
    _get(api_client, key)
    token.refresh_from_db()
    assert token.last_used_at == T0
    clock.now = T0 + dt.timedelta(seconds=59)
    _get(api_client, key)
    token.refresh_from_db()
    assert token.last_used_at == T0
    clock.now = T0 + dt.timedelta(seconds=60)
    _get(api_client, key)
    token.refresh_from_db()
    assert token.last_used_at == T0 + dt.timedelta(seconds=60)


# --- /api/v1/me/tokens/ ---------------------------------------------------------------------------


def test_she_lists_and_revokes_her_own_tokens_over_the_api(cast, api_client):
    mine, key = services.token_issue(user=cast.chair_a, name="报表")
    theirs, _ = services.token_issue(user=cast.chair_b)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = api_client.get("/api/v1/me/tokens/").json()["results"]
    assert [(t["id"], t["name"], t["state"]) for t in listed] == [(mine.pk, "报表", "有效")]
    assert "token" not in listed[0]
    assert "key_hash" not in listed[0]
    assert api_client.delete(f"/api/v1/me/tokens/{theirs.pk}/").status_code == 404
    assert api_client.delete(f"/api/v1/me/tokens/{mine.pk}/").status_code == 204
    _refused(api_client.get(ME), "令牌已被撤销（本人撤销）")


def test_my_tokens_api_needs_a_login(db, api_client):
    assert api_client.get("/api/v1/me/tokens/").status_code == 401


# --- pages ------------------------------------------------------------------------------------------


def test_the_page_issues_a_token_shows_it_once_and_revokes_it(cast, login, api_client):
    client = login(cast.volunteer_a1)
    url = reverse("accounts:my_tokens")
    response = client.post(url, {"name": "手机"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast.volunteer_a1)
    html = response.content.decode()
    key = html.split('<code class="user-select-all text-break fs-6">')[1].split("</code>")[0]
    assert key.startswith(token.prefix)
    assert "令牌只显示这一次" in html
    assert _get(api_client, key).status_code == 200
    again = client.get(url).content.decode()
    assert key not in again
    assert "手机" in again
    response = client.post(reverse("accounts:my_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    _refused(_get(api_client, key), "令牌已被撤销（本人撤销）")


def test_she_cannot_revoke_someone_elses_token_from_her_page(cast, login):
    token, _ = services.token_issue(user=cast.chair_b)
    response = login(cast.chair_a).post(reverse("accounts:my_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_my_tokens_anonymous_goes_to_login(client, db):
    response = client.get(reverse("accounts:my_tokens"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_manager_sees_and_revokes_a_users_tokens(cast, login, api_client):
    token, key = services.token_issue(user=cast.vchair_a1, name="村里的平板")
    client = login(cast.chair_a)
    html = client.get(reverse("accounts:user_detail", args=[cast.vchair_a1.pk])).content.decode()
    assert "村里的平板" in html
    response = client.post(reverse("accounts:user_token_revoke", args=[cast.vchair_a1.pk, token.pk]))
    assert response.status_code == 302
    _refused(_get(api_client, key), "令牌已被撤销（管理员撤销）")
    _, key2 = services.token_issue(user=cast.vchair_a1)
    response = client.post(reverse("accounts:user_tokens_revoke", args=[cast.vchair_a1.pk]))
    assert response.status_code == 302
    _refused(_get(api_client, key2), "令牌已被撤销（管理员撤销）")


@pytest.mark.parametrize("all_tokens", [False, True])
def test_manager_revoke_outsider_wrong_role_anonymous(cast, login, client, all_tokens):
    token, _ = services.token_issue(user=cast.vchair_a1)
    args = [cast.vchair_a1.pk] if all_tokens else [cast.vchair_a1.pk, token.pk]
    url = reverse("accounts:user_tokens_revoke" if all_tokens else "accounts:user_token_revoke", args=args)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert login(cast.chair_b).post(url).status_code == 404
    assert login(cast.vchair_a2).post(url).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_an_ended_token_over_the_api_is_a_400_in_the_apis_one_error_body(cast, api_client):
    """The service's refusal reaches the caller through core's exception handler, not a private copy."""
    old, _ = services.token_issue(user=cast.chair_a, name="旧脚本")
    services.token_revoke(actor=cast.chair_a, token=old)
    _, key = services.token_issue(user=cast.chair_a, name="新脚本")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api_client.delete(f"/api/v1/me/tokens/{old.pk}/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该令牌已撤销"]}
