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
    page.get_by_test_id("current-user").click()  # the user menu: her units, password, log out
    assert page.get_by_test_id("user-menu").get_by_text("竹峪镇 · 乡镇/街道妇联主席").is_visible()
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


def test_chair_creates_a_user_and_appoints_her_on_a_phone(cast, browser, browser_login, phone_context_args):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    base = browser_login(page, cast.chair_a)
    page.goto(f"{base}/accounts/users/new/")
    page.fill("#id_username", "li_na")
    page.fill("#id_display_name", "李娜")
    page.fill("#id_phone", "138 1234 5678")
    page.fill("#id_password", "Neu2026passwort")
    page.fill("#id_password2", "Neu2026passwort")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "已创建用户" in page.content()
    page.select_option("#id_unit", label="\u3000青龙村（村/社区）")
    page.select_option("#id_role", "committee_member")
    page.get_by_role("button", name="添加").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("membership-row").first.inner_text().startswith("青龙村")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".map(e => e.tagName + '.' + e.className + ':' + e.getBoundingClientRect().right)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, wide
    page.goto(f"{base}/accounts/users/")
    assert page.get_by_test_id("user-row").filter(has_text="李娜").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
