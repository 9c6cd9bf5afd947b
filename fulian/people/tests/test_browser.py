"""Browser: search by pinyin initials; unmask an ID number and find the disclosure in the access log."""

import pytest

from fulian.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_by_pinyin_initials(cast, page, browser_login):
    PersonFactory(village=cast.village_a1, name="张丽")
    PersonFactory(village=cast.village_a1, name="王芳")
    base = browser_login(page, cast.vchair_a1)
    page.get_by_role("link", name="服务对象").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{base}/people/")
    rows = page.get_by_test_id("person-row")
    assert rows.count() == 2

    page.get_by_placeholder("姓名 / 拼音 / 首字母 / 身份证号").fill("zl")
    page.get_by_test_id("result-count").filter(has_text="共 1 人").wait_for()
    assert rows.count() == 1
    assert rows.first.get_by_role("link", name="张丽").is_visible()
    assert "q=zl" in page.url  # the search is in the address bar, so it can be bookmarked


def test_unmask_an_id_number_and_see_it_in_the_access_log(cast, page, browser_login):
    person = PersonFactory(village=cast.village_a1, name="张丽")
    base = browser_login(page, cast.chair_a)
    page.goto(f"{base}/people/{person.pk}/")
    id_cell = page.get_by_test_id("id-number")
    assert id_cell.inner_text() == person.id_number_masked

    page.get_by_test_id("unmask").click()
    page.get_by_test_id("id-number").filter(has_text=person.id_number).wait_for()
    assert page.get_by_text("本次查看已记入访问日志").is_visible()

    page.goto(f"{base}/audit/access/?action=unmask")
    row = page.get_by_test_id("access-row").filter(has_text="张丽")
    row.wait_for()
    text = row.inner_text()
    assert "显示完整信息" in text
    assert "王主席" in text  # chair_a's display name
    assert "青龙村" in text
    assert person.id_number not in page.content()  # the log names the record, never the number


def test_list_fits_a_phone_screen(cast, browser, live_server, phone_context_args):
    PersonFactory(village=cast.village_a1, name="张丽")
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.vchair_a1.username)
    page.fill("#id_password", cast.password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/people/")
    assert page.get_by_role("link", name="张丽").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()
