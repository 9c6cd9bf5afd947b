"""Browser: browse the tree to a village by clicking, a unit page on a 375-px phone, login lockout."""

import datetime

import pytest
from django.conf import settings

from fulian.orgs.models import FederationMember, Position, Zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def test_browse_the_tree_down_to_a_village(cast, page, browser_login):
    base = browser_login(page, cast.county_user)
    page.locator('[data-menu-group="orgs"] .dropdown-toggle').click()  # 组织 ▾ (three entries)
    page.get_by_role("link", name="组织机构").first.click()
    page.wait_for_load_state()
    assert page.url == f"{base}/orgs/"
    tree = page.get_by_test_id("org-tree")
    assert tree.get_by_role("link", name="万源市").is_visible()

    # her one home unit opens on its towns; everything deeper loads on click
    assert tree.get_by_role("link", name="竹峪镇").is_visible()
    assert tree.get_by_role("link", name="古东关街道").is_visible()
    assert tree.get_by_role("link", name="青龙村").count() == 0

    tree.get_by_role("button", name="展开竹峪镇").click()
    tree.get_by_role("link", name="青龙村").wait_for()
    tree.get_by_role("button", name="展开青龙村").click()
    tree.get_by_role("link", name="一组").wait_for()

    # collapsing hides the children again without another request
    tree.get_by_role("button", name="展开青龙村").click()
    assert not tree.get_by_role("link", name="一组").is_visible()

    tree.get_by_role("link", name="青龙村").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "青龙村"
    crumbs = page.get_by_test_id("breadcrumbs").inner_text()
    assert "万源市" in crumbs
    assert "竹峪镇" in crumbs


def test_search_box_finds_a_village_by_code(cast, page, browser_login, live_server):
    browser_login(page, cast.chair_a)
    page.goto(f"{live_server.url}/orgs/")
    page.fill("#org-q", "511781106202")
    results = page.get_by_test_id("search-results")
    results.get_by_role("link", name="红旗村").wait_for()
    assert results.get_by_role("link", name="青龙村").count() == 0


def _phone_page(browser, phone_context_args):
    context = browser.new_context(**phone_context_args)
    return context, context.new_page()


def _no_horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_unit_page_fits_a_phone(cast, browser, phone_context_args, browser_login):
    zone = Zone.objects.create(town=cast.town_a, name="东片区")
    cast.village_a1.zone = zone
    cast.village_a1.save()
    seats = [
        ("李红", Position.CHAIR),
        ("王芳", Position.VICE_CHAIR_FULL),
        ("陈秀兰", Position.VICE_CHAIR_PART),
        ("赵敏", Position.COMMITTEE),
        ("周桂英", Position.REPRESENTATIVE),
    ]
    for name, position in seats:
        FederationMember.objects.create(
            unit=cast.town_a,
            name=name,
            position=position,
            term_start=datetime.date(2021, 5, 1),
            phone="13800001234",
            workplace="竹峪镇人民政府",
        )
    FederationMember.objects.create(
        unit=cast.town_a,
        name="孙淑华",
        position=Position.CHAIR,
        term_start=datetime.date(2016, 5, 1),
        term_end=datetime.date(2021, 4, 30),
    )
    context, page = _phone_page(browser, phone_context_args)
    try:
        base = browser_login(page, cast.chair_a)
        page.goto(f"{base}/orgs/{cast.town_a.pk}/")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "竹峪镇"
        assert page.get_by_test_id("federation").get_by_text("李红").is_visible()
        assert page.get_by_test_id("subunits").get_by_role("link", name="青龙村").is_visible()
        assert _no_horizontal_overflow(page) <= PHONE_WIDTH
        page.screenshot(path="/tmp/orgs-unit-375.png", full_page=True)

        page.get_by_text("往届成员").click()
        assert page.get_by_test_id("past-terms").get_by_text("孙淑华").is_visible()

        page.goto(f"{base}/orgs/")
        page.get_by_role("button", name="展开青龙村").click()
        page.get_by_role("link", name="一组").wait_for()
        assert _no_horizontal_overflow(page) <= PHONE_WIDTH
        page.screenshot(path="/tmp/orgs-tree-375.png", full_page=True)

        page.goto(f"{base}/")
        page.wait_for_load_state()
        page.wait_for_function("document.querySelector('#chart-subunits canvas') !== null")
        assert _no_horizontal_overflow(page) <= PHONE_WIDTH
        page.screenshot(path="/tmp/home-375.png", full_page=True)
    finally:
        context.close()


def test_home_page_on_desktop_draws_charts(cast, page, browser_login):
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, cast.county_user)
    page.wait_for_function("document.querySelector('#chart-levels canvas') !== null")
    assert page.get_by_test_id("subunit-table").get_by_role("link", name="竹峪镇").is_visible()
    page.screenshot(path="/tmp/home-desktop.png", full_page=True)


def _submit_login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_lockout_refuses_the_right_password_but_not_other_users(cast, page, live_server):
    base = live_server.url
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _submit_login(page, base, "vchair_a1", "not-her-password")
    assert page.get_by_test_id("locked-out").is_visible()

    _submit_login(page, base, "vchair_a1", cast.password)
    assert page.get_by_test_id("locked-out").is_visible()
    assert page.get_by_test_id("current-user").count() == 0
    page.goto(f"{base}/orgs/")
    assert "/accounts/login/" in page.url  # still not logged in

    # the lock is per username and address: a colleague at the same computer still gets in
    _submit_login(page, base, "chair_a", cast.password)
    assert page.get_by_test_id("current-user").inner_text() == "王主席"
