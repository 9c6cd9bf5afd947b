"""Login guessing is locked out (django-axes), sessions expire, passwords follow the policy."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_session_expires_after_idle_hours_and_at_browser_close():
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 300  # renewed by SessionRefreshMiddleware (core tests)


def test_login_session_cookie_has_no_persistent_expiry(cast, client):
    response = _post_login(client, "chair_a", cast.password)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expire_at_browser_close()


def test_five_failures_lock_the_account_and_the_right_password_is_refused(cast, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post_login(client, "chair_a", "wrong-password-1")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = _post_login(client, "chair_a", "wrong-password-1")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()

    response = _post_login(client, "chair_a", cast.password)
    assert response.status_code == 429
    assert "已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(cast, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "chair_a", "wrong-password-1")
    response = _post_login(client, "chair_b", cast.password)
    assert response.status_code == 302


def test_four_failures_then_success_resets_the_count(cast, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, "chair_a", "wrong-password-1")
    assert _post_login(client, "chair_a", cast.password).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, "chair_a", "wrong-password-1")
    assert _post_login(client, "chair_a", cast.password).status_code == 302


def test_wrong_password_shows_a_chinese_error(cast, client):
    response = _post_login(client, "chair_a", "wrong-password-1")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
