"""Browser: the real login form, and the lockout after repeated failures (Chinese message)."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_login_then_change_password_page(cast, page, browser_login):
    base = browser_login(page, cast.chair_a)
    assert page.get_by_test_id("current-user").inner_text() == "王主席"
    page.get_by_role("link", name="修改密码").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/accounts/password/"
    assert page.locator("h1").inner_text() == "修改密码"


def test_lockout_after_failed_logins_refuses_the_right_password(cast, page, live_server):
    base = live_server.url
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _submit(page, base, "chair_a", "wrong-password-1")
        assert page.locator(".alert-danger").count() == 1
    _submit(page, base, "chair_a", "wrong-password-1")
    assert "登录失败次数过多" in page.get_by_test_id("locked-out").inner_text()
    _submit(page, base, "chair_a", cast.password)
    assert "已被暂时锁定" in page.get_by_test_id("locked-out").inner_text()
    assert page.get_by_test_id("current-user").count() == 0
