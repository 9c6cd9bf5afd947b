"""Browser: the menu on a phone and on desktops (no label wraps), the error pages, lists on a 375-px phone
(no page overflow, no name broken one character per line), a picker on a phone, and no CSP violation on
the main pages (htmx and ECharts included)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from fulian.care.models import Pairing, Volunteer
from fulian.cases.tests.factories import make_case
from fulian.health.models import Campaign, Result, Screening
from fulian.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2020, 6, 15)  # in the past whatever the clock says: screenings may not be future

# Text nodes of cells and list items whose characters stand fewer than three to a line: a broken name.
BROKEN_NAMES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const t = n.textContent.trim();
    if (t.length < 2 || t.length > 24 || /\\s/.test(t)) continue;
    if (!n.parentElement.closest('td, th, .list-group-item, dd, .card')) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
    if (tops.size > 1 && t.length / tops.size < 3) out.push(t);
  }
  return out;
}"""

# Elements (visible) whose content takes more than one line.
WRAPPED = """(selector) => [...document.querySelectorAll(selector)].filter(el => el.offsetParent !== null)
  .filter(el => {
    const cs = getComputedStyle(el);
    const pad = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom);
    return el.getBoundingClientRect().height - pad > parseFloat(cs.lineHeight) * 1.5;
  }).map(el => el.textContent.trim())"""


def _context(browser, live_server, user, width: int):
    """A browser context of the given width, already logged in as the user (session cookie)."""
    client = Client()
    client.force_login(user)
    phone = width < 576
    ctx = browser.new_context(
        viewport={"width": width, "height": 800}, locale="zh-CN", is_mobile=phone, has_touch=phone
    )
    ctx.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    ctx.set_default_timeout(30_000)
    return ctx


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [375, 1280, 1440, 1920])
def test_menu_labels_never_wrap(cast, browser, live_server, width):
    ctx = _context(browser, live_server, cast.county_user, width)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/reports/stats/")
    if width < 992:
        page.get_by_role("button", name="展开菜单").click()
        page.locator("#fl-nav.show").wait_for()
    labels = page.locator("[data-testid=main-menu] > li > .nav-link")
    assert labels.count() >= 6
    assert page.evaluate(WRAPPED, ".fl-navbar .navbar-brand, .fl-navbar .nav-link") == []
    for toggle in page.locator("[data-testid=main-menu] .dropdown-toggle").all():
        toggle.click()
        assert page.evaluate(WRAPPED, ".fl-navbar .dropdown-menu.show .dropdown-item") == []
    assert page.locator(".fl-navbar .nav-link.active").inner_text() == "统计与总结"
    assert _overflow(page) == 0
    if width >= 992:  # all in one row: the user menu at the same height as the first group
        first = page.locator("[data-testid=main-menu] > li").first.bounding_box()
        user = page.get_by_test_id("user-menu").bounding_box()
        assert abs(first["y"] - user["y"]) < 4
    ctx.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_error_pages_are_chinese_in_the_layout_and_fit(cast, browser, live_server, width):
    elsewhere = Person.objects.create(
        name="张丽",
        birth_date=datetime.date(1980, 1, 1),
        village=cast.village_b1,
        village_path=cast.village_b1.path,
    )
    ctx = _context(browser, live_server, cast.vchair_a1, width)
    page = ctx.new_page()
    for path, status, text in [
        ("/accounts/users/", 403, "您的角色无权访问此页面"),
        ("/no-such-page/", 404, "页面不存在"),
        (f"/people/{elsewhere.pk}/", 404, "该记录不存在或不在您的管辖范围内"),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == status
        assert text in page.get_by_test_id("error-message").inner_text()
        assert page.get_by_test_id("main-menu").count() == 1
        assert page.get_by_role("link", name="回到首页").is_visible()
        assert _overflow(page) == 0
    ctx.close()


@pytest.fixture
def lists(cast):
    """A pairing, two screenings and a case in town A, with names of every length."""
    volunteer_person = Person.objects.create(
        name="欧阳秀英",
        birth_date=datetime.date(1980, 5, 1),
        village=cast.village_a1,
        village_path=cast.village_a1.path,
    )
    volunteer = Volunteer.objects.create(
        person=volunteer_person, village=cast.village_a1, registered_on=datetime.date(2025, 1, 1)
    )
    child = Person.objects.create(
        name="李娜",
        birth_date=datetime.date(2016, 3, 1),
        village=cast.village_a1,
        village_path=cast.village_a1.path,
    )
    Pairing.objects.create(
        volunteer=volunteer,
        child=child,
        village=cast.village_a1,
        started_on=datetime.date(2026, 1, 5),
        reason="父母外出务工",
        next_visit_due=datetime.date(2026, 2, 5),
    )
    campaign = Campaign.objects.create(
        name="2026年农村妇女两癌筛查", unit=cast.county, started_on=DAY, ended_on=DAY, target_count=100
    )
    for name in ("王芳", "司马春燕"):
        woman = Person.objects.create(
            name=name,
            birth_date=datetime.date(1976, 2, 2),
            village=cast.village_a2,
            village_path=cast.village_a2.path,
        )
        Screening.objects.create(
            campaign=campaign,
            person=woman,
            village=cast.village_a2,
            screened_on=DAY,
            age=50,
            result=Result.NORMAL,
        )
    make_case(cast)
    return campaign


@pytest.mark.parametrize(
    ("who", "path"),
    [("chair_a", "/care/"), ("chair_a", "/health/{campaign}/"), ("caseworker_a", "/cases/")],
)
def test_lists_fit_a_phone_with_names_whole(cast, lists, browser, live_server, who, path):
    ctx = _context(browser, live_server, getattr(cast, who), 375)
    page = ctx.new_page()
    page.goto(f"{live_server.url}{path.format(campaign=lists.pk)}")
    assert page.locator("table").count() >= 1
    assert _overflow(page) == 0
    assert page.evaluate(BROKEN_NAMES) == []
    ctx.close()


def test_a_picker_works_on_a_phone_and_nothing_breaks_the_policy(cast, lists, browser, live_server):
    """Type a woman's initials on a phone, pick her, save; on the way, the main pages with htmx and ECharts
    raise no CSP violation and no script error."""
    Person.objects.create(
        name="罗桂兰",
        birth_date=datetime.date(1980, 1, 1),
        village=cast.village_a1,
        village_path=cast.village_a1.path,
    )
    ctx = _context(browser, live_server, cast.chair_a, 375)
    page = ctx.new_page()
    problems = []
    page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/health/{lists.pk}/screenings/new/")
    page.get_by_label("受检者（服务对象）").type("lgl")
    page.get_by_role("option", name="罗桂兰（青龙村，1980年生）").click()
    page.fill("#id_screened_on", DAY.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert Screening.objects.filter(person__name="罗桂兰", campaign=lists).exists()

    for path in [
        "/",
        "/reports/dashboard/",
        "/reports/stats/",
        "/orgs/",
        "/people/",
        "/care/",
        "/no-such-page/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/orgs/")
    page.get_by_role("button", name="展开青龙村").click()
    page.get_by_role("link", name="一组").wait_for()  # htmx loaded the children
    page.goto(f"{live_server.url}/people/")
    page.get_by_placeholder("姓名 / 拼音 / 首字母 / 身份证号").fill("lgl")
    page.get_by_test_id("result-count").filter(has_text="共 1 人").wait_for()  # htmx search
    assert problems == []
    ctx.close()


def test_pages_from_other_branches_fit_a_phone_under_the_policy(cast, browser, live_server):
    """API tokens, the role matrix, activity types and import jobs (one still checking, with its progress
    bar and cancel button; one rejected, with its errors and the retry form): no page overflow at 375 px,
    no CSP violation, no script error."""
    from django.utils import timezone

    from fulian.core.spreadsheets.models import ImportJob

    job = {"user": cast.chair_a, "spec": "people", "unit": cast.town_a, "unit_path": cast.town_a.path}
    checking = ImportJob.objects.create(
        **job, original_name="服务对象.xlsx", status="validating", total_rows=200, processed_rows=80,
        started_at=timezone.now(), heartbeat_at=timezone.now(),  # the worker has it: a progress bar
    )  # fmt: skip
    errors = [{"row": n, "column": "居民身份证号", "message": "身份证号校验位不对，请核对"} for n in (3, 7)]
    rejected = ImportJob.objects.create(
        **job, original_name="服务对象（二）.xlsx", status="rejected", processed_rows=9, good_rows=7,
        bad_rows=2, error_count=2, errors=errors, message="有 2 行错误，严格模式下一行也没有写入",
    )  # fmt: skip
    for user, paths in [
        (cast.admin, ["/accounts/roles/", "/activities/types/"]),
        (
            cast.chair_a,
            ["/accounts/tokens/", "/spreadsheets/imports/", f"/spreadsheets/imports/{rejected.pk}/"],
        ),
        (cast.chair_a, [f"/spreadsheets/imports/{checking.pk}/"]),
    ]:
        ctx = _context(browser, live_server, user, 375)
        page = ctx.new_page()
        problems = []
        page.on("console", lambda m, p=problems: "Content Security Policy" in m.text and p.append(m.text))
        page.on("pageerror", lambda e, p=problems: p.append(str(e)))
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("load")
            assert _overflow(page) == 0, path
            assert page.evaluate(BROKEN_NAMES) == [], path
        if paths[0].endswith(f"/{checking.pk}/"):
            bar = page.locator(".progress-bar")
            assert bar.evaluate("el => el.style.width") == "40%"  # data-width, set by fulian.js
            assert page.get_by_test_id("cancel").is_visible()
        ctx.close()
        assert problems == [], paths
