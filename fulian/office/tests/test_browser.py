"""Browser: a town chair composes a notice to her villages' chairs; one of them finds it unread on her home
page and opens it; the chair sees the read receipt (who has read it, who not)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_a_notice_and_see_the_read_receipt(cast, browser, page, browser_login):
    base = browser_login(page, cast.chair_a)
    page.goto(f"{base}/office/notices/new/")
    page.select_option("#id_unit", str(cast.town_a.pk))
    page.fill("#id_title", "关于报送上半年工作总结的通知")
    page.fill("#id_body", "请各村(社区)妇联于6月25日前报送。")
    page.select_option("#id_units", [str(cast.town_a.pk)])
    page.select_option("#id_roles", ["village_chair"])
    page.get_by_role("button", name="发送").click()
    page.wait_for_load_state()
    assert "通知已发送给 2 人" in page.content()
    assert page.inner_text("[data-testid=n-read]") == "0"
    notice_url = page.url

    other = browser.new_page()
    browser_login(other, cast.vchair_a1)
    other.goto(f"{base}/")
    other.get_by_role("link", name="未读通知：关于报送上半年工作总结的通知").click()
    other.wait_for_load_state()
    assert "请各村(社区)妇联于6月25日前报送。" in other.content()
    other.close()

    page.goto(notice_url)
    assert page.inner_text("[data-testid=n-read]") == "1"
    rows = page.inner_text("[data-testid=receipts]")
    assert "张丽\t青龙村\t" in rows
    assert "已读" in rows.split("张丽", 1)[1].split("\n", 1)[0]
    assert "陈芳\t红旗村\t未读" in rows
