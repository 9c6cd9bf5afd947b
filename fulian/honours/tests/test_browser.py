"""Browser: a village chair nominates a collective on her phone, the county approves and posts the 公示,
the public reads it on a phone without logging in (names of the list, no sideways scrolling), and the
county awards once the period is over."""

import datetime

import pytest

from .factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, url):
    page.goto(url)
    page.wait_for_load_state()


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_nomination_to_public_notice_on_a_phone_to_award(cast, browser, browser_login, phone_context_args):
    campaign = make_campaign(cast, "三八红旗集体", year=datetime.date.today().year)

    # 1. The village chair nominates her village's cooperative, on her phone.
    phone = browser.new_context(**phone_context_args).new_page()
    base = browser_login(phone, cast.vchair_a1)
    _go(phone, f"{base}/honours/campaigns/{campaign.pk}/")
    phone.get_by_role("link", name="推荐对象").click()
    phone.wait_for_load_state()
    phone.select_option("#id_nominated_by", label="青龙村")
    phone.fill("#id_holder_name", "青龙村妇女创业合作社")
    phone.fill("#id_staff_total", "10")
    phone.fill("#id_staff_women", "8")
    phone.fill("#id_deeds", "带动留守妇女发展特色种植")
    _click(phone, "保存")
    assert "已提交推荐" in phone.content()
    checks = phone.get_by_test_id("checks").inner_text()
    assert "女性占比80%（8/10），要求不低于60%" in checks
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.context.close()

    # 2. The county approves it and posts the 公示, dated so that its period is over.
    page = browser.new_page()
    base = browser_login(page, cast.county_user)
    _go(page, f"{base}/honours/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="青龙村妇女创业合作社").click()
    page.wait_for_load_state()
    page.select_option("#id_approve", label="通过（拟表彰）")
    _click(page, "审核")
    assert page.get_by_test_id("nomination-status").inner_text() == "拟表彰"
    _go(page, f"{base}/honours/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="生成公示").click()
    page.wait_for_load_state()
    start = datetime.date.today() - datetime.timedelta(days=10)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=7)).isoformat())
    page.locator("input[name=nominations]").first.check()
    _click(page, "保存")
    _click(page, "发布公示")
    assert page.get_by_test_id("notice-status").inner_text() == "已发布"
    public_url = page.get_by_test_id("notice-public-link").inner_text()

    # 3. Anyone reads the notice on a phone, without logging in.
    reader = browser.new_context(**phone_context_args).new_page()
    _go(reader, public_url)
    rows = reader.get_by_test_id("notice-rows").inner_text()
    assert "青龙村妇女创业合作社" in rows
    assert "县级三八红旗集体" in rows
    assert "公示期内如有异议" in reader.content()
    assert reader.evaluate("document.documentElement.scrollWidth") <= 375
    reader.context.close()

    # 4. The period is over: the county awards.
    _go(page, f"{base}/honours/campaigns/{campaign.pk}/")
    page.fill("#id_awarded_on", datetime.date.today().isoformat())
    _click(page, "公示期满，予以表彰")
    assert "已表彰1个对象" in page.content()
    assert page.get_by_test_id("campaign-status").inner_text() == "已表彰"
    assert page.get_by_role("link", name="荣誉证书").count() == 1
