"""Browser: the audit pages on a phone-sized screen."""

import pytest

from fulian.accounts import services as account_services
from fulian.core.models import AccessLog
from fulian.core.services import access_log_write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_pages_fit_a_phone_and_filter(cast, browser, browser_login, phone_context_args):
    account_services.user_update(actor=cast.chair_a, user=cast.vchair_a1, display_name="张丽华", phone="")
    access_log_write(
        user=cast.chair_a, action=AccessLog.Action.UNMASK, target=cast.vchair_a1, unit=cast.village_a1
    )
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    base = browser_login(page, cast.chair_a)

    page.goto(f"{base}/audit/changes/")
    row = page.get_by_test_id("change-row").first
    assert "王主席" in row.inner_text()
    assert "姓名" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#id_action", "2")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("change-row").count() == 0
    assert "没有符合条件的记录" in page.content()

    page.goto(f"{base}/audit/access/")
    assert "显示完整信息" in page.get_by_test_id("access-row").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
