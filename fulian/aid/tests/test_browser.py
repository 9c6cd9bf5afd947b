"""Browser: one full aid path in Chromium — create a programme, apply for two women, approve, publish
the notice, disburse, see the totals."""

import datetime

import pytest

from .factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, url):
    page.goto(url)
    page.wait_for_load_state()


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_programme_to_totals(cast, page, browser_login):
    make_person(cast.village_a1, "张晓丽", id_number="511781198005011221")
    make_person(cast.village_a2, "李秀英", id_number="511781197511301227")
    base = browser_login(page, cast.county_user)

    # 1. The county creates the programme.
    _go(page, f"{base}/aid/programmes/new/")
    page.fill("#id_name", "贫困母亲救助")
    page.fill("#id_code", "poor_mother_browser")
    page.select_option("#id_unit", label="万源市")
    page.fill("#id_budget", "50000")
    page.fill("#id_min_amount", "300")
    page.fill("#id_max_amount", "1000")
    _click(page, "保存")
    assert "已创建救助项目" in page.content()
    programme_url = page.url

    # 2. Applications for two women, found by name in the registry.
    for name, amount in (("张晓丽", "800"), ("李秀英", "600")):
        _go(page, programme_url)
        page.get_by_role("link", name="登记申请").click()
        page.fill("input[name=q]", name)
        _click(page, "查找")
        page.get_by_test_id("person-results").get_by_role("link", name="选择").click()
        page.wait_for_load_state()
        page.fill("#id_amount", amount)
        _click(page, "提交申请")
        assert f"已为{name}提交申请" in page.content()

    # 3. Review each; she submitted and reviewed them, so another person approves (separation of duties).
    approver = page.context.browser.new_page()
    browser_login(approver, cast.admin)
    for name in ("张晓丽", "李秀英"):
        _go(page, programme_url)
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        _click(page, "审核通过")
        assert page.get_by_role("button", name="审批通过").count() == 0
        assert "按职责分离要求" in page.get_by_test_id("approval-conflict").inner_text()
        _go(approver, page.url)
        _click(approver, "审批通过")
        assert approver.get_by_test_id("app-status").inner_text() == "已审批"
    approver.close()

    # 4. The notice: posted ten days ago on the town's board, so its objection period is over.
    _go(page, programme_url)
    page.get_by_role("link", name="生成公示").click()
    page.wait_for_load_state()
    page.select_option("#id_unit", label="竹峪镇")
    start = datetime.date.today() - datetime.timedelta(days=10)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=7)).isoformat())
    for box in page.locator("input[name=applications]").all():
        box.check()
    _click(page, "生成公示草稿")
    _click(page, "发布公示")
    assert page.get_by_test_id("notice-status").inner_text() == "已发布"
    rows = page.get_by_test_id("notice-rows").inner_text()
    assert "张*丽" in rows
    assert "李*英" in rows
    assert "张晓丽" not in rows
    assert "198005011229" not in rows

    # The public page, without login, shows the same masked list.
    public_url = page.locator("a[href*='/aid/public/']").first.get_attribute("href")
    anonymous = page.context.browser.new_page()
    anonymous.goto(public_url)
    public_text = anonymous.get_by_test_id("notice-rows").inner_text()
    assert "张*丽" in public_text
    assert "张晓丽" not in public_text
    anonymous.close()

    # 5. Disburse: cash for one, in kind for the other.
    _go(page, programme_url)
    page.get_by_role("link", name="张晓丽").click()
    page.wait_for_load_state()
    page.fill("#id_amount", "800")
    _click(page, "登记发放")
    assert "已登记发放" in page.content(), page.locator(".alert").all_inner_texts()
    _go(page, programme_url)
    page.get_by_role("link", name="李秀英").click()
    page.wait_for_load_state()
    page.select_option("#id_kind", "in_kind")
    page.fill("#id_item_name", "大米")
    page.fill("#id_item_quantity", "5")
    page.fill("#id_item_unit", "袋")
    page.fill("#id_item_value", "100")
    _click(page, "登记发放")
    assert page.get_by_test_id("app-status").inner_text() == "已发放"

    # 6. The totals against the budget.
    _go(page, programme_url)
    assert page.get_by_test_id("disbursed-total").inner_text() == "1,300.00元"
    _go(page, f"{base}/aid/")
    totals = page.get_by_test_id("programme-totals").inner_text()
    assert "50,000.00" in totals
    assert "1,300.00" in totals
