"""The fixed cast every test can use: one county, two towns, villages under each, a user for each role.

    四川省 › 达州市 › 万源市 (county)
        ├── 竹峪镇 (town_a) ── 青龙村 (village_a1) ── 一组 (group_a1)
        │                   └─ 红旗村 (village_a2)
        └── 古东关街道 (town_b) ── 东城社区 (village_b1)

Users (password "Fulian2026!x"):
- admin (系统管理员 at the county), county (县妇联 staff);
- chair_a, staff_a, assessor_a, caseworker_a (town A); vchair_a1, member_a1, volunteer_a1 (village A1);
  vchair_a2 (village A2);
- chair_b, vchair_b1 (town B: the outsiders for town A's records); nobody (no membership).
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest
import time_machine

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The real task worker on the test's database: `shared_database`, `worker` (fulian/core/tests/realworker.py).
pytest_plugins = ["fulian.core.tests.realworker"]

PASSWORD = "Fulian2026!x"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A database alias "replica" that the test runner points at the test database (TEST MIRROR), for the
    read-replica router's tests (fulian/core/tests/test_replicas.py). Nothing reads from it unless a test
    lists it in `settings.DATABASE_REPLICAS`."""
    import copy

    from django.conf import settings
    from django.db import connections

    if "replica" not in connections.settings:
        replica = copy.deepcopy(connections.settings["default"])
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
        connections.settings["replica"] = settings.DATABASES["replica"] = replica


# --- the clock: every test runs on a clock the suite sets, never on the machine's date ---------------------

CHINA = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has no daylight saving
# An ordinary working day; `FULIAN_TEST_CLOCK=2027-01-01 bin/test` runs the whole suite on another one.
SUITE_CLOCK = "2027-06-15T10:00"
# The days on which date arithmetic breaks: a year's first day, mid-February and the end of February in a
# leap year, the end of the first quarter, the year's last day. `any_day` runs a test on each of them.
CALENDAR_EDGES = [
    dt.date(2027, 1, 1),
    dt.date(2027, 2, 15),
    dt.date(2027, 3, 31),
    dt.date(2028, 2, 29),
    dt.date(2027, 12, 31),
]
_suite_travel: time_machine.travel | None = None


def instant(when) -> dt.datetime:
    """A date (10:00 that day), an ISO string or a datetime, as an aware datetime in China's time."""
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when) if "T" in when or " " in when else dt.date.fromisoformat(when)
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(10))
    return when if when.tzinfo else when.replace(tzinfo=CHINA)


def pytest_configure(config):
    """Travel to the suite's clock before collection, so module-level dates see it too. The clock ticks
    (records keep their order) and covers everything: timezone.now(), date.today(), model defaults."""
    global _suite_travel
    value = os.environ.get("FULIAN_TEST_CLOCK", SUITE_CLOCK)
    if value != "now":  # FULIAN_TEST_CLOCK=now: the machine's own clock
        _suite_travel = time_machine.travel(instant(value), tick=True)
        _suite_travel.start()


def pytest_unconfigure(config):
    global _suite_travel
    if _suite_travel is not None:
        _suite_travel.stop()
        _suite_travel = None


class Clock:
    """clock.set(day or datetime): the time for the rest of this test (it ticks unless tick=False);
    clock.shift(timedelta) moves it on."""

    def __init__(self):
        self._travels: list[time_machine.travel] = []
        self._traveller = None

    def set(self, when, *, tick: bool = True) -> dt.datetime:
        moment = instant(when)
        travel = time_machine.travel(moment, tick=tick)
        self._traveller = travel.start()
        self._travels.append(travel)
        return moment

    def shift(self, delta: dt.timedelta) -> None:
        if self._traveller is None:
            self.set(dt.datetime.now(CHINA))
        self._traveller.shift(delta)

    def _stop(self):
        while self._travels:
            self._travels.pop().stop()


@pytest.fixture
def clock():
    """The test's own clock (see Clock); the suite's clock comes back after the test."""
    c = Clock()
    yield c
    c._stop()


@pytest.fixture(params=CALENDAR_EDGES, ids=str)
def any_day(request, clock) -> dt.date:
    """Runs the test once on each of CALENDAR_EDGES (10:00 China time); request it before other fixtures."""
    clock.set(request.param)
    return request.param


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_unit(parent, *, name, level, code=None):
    from fulian.orgs.models import OrgUnit

    if parent is None:
        return OrgUnit.objects.add_root({"name": name, "level": level, "code": code})
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, {"name": name, "level": level, "code": code})


def make_user(username, *memberships, **extra):
    from fulian.accounts.models import User
    from fulian.orgs.models import Membership

    user = User.objects.create_user(
        username=username, password=PASSWORD, display_name=extra.pop("display_name", username), **extra
    )
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def cast(db):
    """The fixed cast (see module docstring)."""
    from fulian.core.roles import Role
    from fulian.orgs.models import Level

    province = make_unit(None, name="四川省", level=Level.PROVINCE, code="51")
    city = make_unit(province, name="达州市", level=Level.CITY, code="5117")
    county = make_unit(city, name="万源市", level=Level.COUNTY, code="511781")
    town_a = make_unit(county, name="竹峪镇", level=Level.TOWN, code="511781106")
    town_b = make_unit(county, name="古东关街道", level=Level.TOWN, code="511781001")
    village_a1 = make_unit(town_a, name="青龙村", level=Level.VILLAGE, code="511781106201")
    village_a2 = make_unit(town_a, name="红旗村", level=Level.VILLAGE, code="511781106202")
    village_b1 = make_unit(town_b, name="东城社区", level=Level.VILLAGE, code="511781001001")
    group_a1 = make_unit(village_a1, name="一组", level=Level.GROUP)

    c = SimpleNamespace(
        province=province,
        city=city,
        county=county,
        town_a=town_a,
        town_b=town_b,
        village_a1=village_a1,
        village_a2=village_a2,
        village_b1=village_b1,
        group_a1=group_a1,
        password=PASSWORD,
    )
    c.admin = make_user("admin", (county, Role.ADMIN), display_name="管理员")
    c.county_user = make_user("county", (county, Role.COUNTY_STAFF), display_name="县妇联李干事")
    c.chair_a = make_user("chair_a", (town_a, Role.TOWN_CHAIR), display_name="王主席")
    c.staff_a = make_user("staff_a", (town_a, Role.TOWN_STAFF), display_name="赵专干")
    c.vchair_a1 = make_user("vchair_a1", (village_a1, Role.VILLAGE_CHAIR), display_name="张丽")
    c.vchair_a2 = make_user("vchair_a2", (village_a2, Role.VILLAGE_CHAIR), display_name="陈芳")
    c.member_a1 = make_user("member_a1", (village_a1, Role.COMMITTEE_MEMBER), display_name="刘执委")
    c.volunteer_a1 = make_user("volunteer_a1", (village_a1, Role.VOLUNTEER), display_name="周妈妈")
    c.assessor_a = make_user("assessor_a", (town_a, Role.ASSESSOR), display_name="吴考核员")
    c.caseworker_a = make_user("caseworker_a", (town_a, Role.CASE_WORKER), display_name="郑专员")
    c.chair_b = make_user("chair_b", (town_b, Role.TOWN_CHAIR), display_name="孙主席")
    c.vchair_b1 = make_user("vchair_b1", (village_b1, Role.VILLAGE_CHAIR), display_name="钱主任")
    c.nobody = make_user("nobody", display_name="无任职")
    return c


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# --- browser tests (pytest-playwright on Debian's Chromium; Playwright cannot download its own here) ---


def pytest_collection_modifyitems(items):
    """Browser tests run against a live server, so their database is flushed after each test — and with
    it the rows the data migrations seed (categories, activity types, indicators). Asking for serialized
    rollback makes Django keep those rows' serialization when it creates the test database. Every
    transactional test asks for it, so that the seeded rows come back after any flush."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
            continue
        # Every other transactional test too: one that flushes without it lets the flush recreate the
        # content types under new ids, and the next serialized test then fails on their unique constraint.
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in getattr(item, "fixturenames", ())
        if marker is not None and marker.kwargs.get("transaction"):
            transactional = True
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            kwargs = {**(marker.kwargs if marker is not None else {}), "transaction": True}
            item.add_marker(pytest.mark.django_db(**kwargs, serialized_rollback=True), append=False)


_SEEDS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized seed rows at hand: once Playwright's event loop runs, Django's per-context
    connection objects no longer carry them, so its own serialized rollback finds nothing to restore."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _SEEDS[alias] = contents
    return django_db_setup


@pytest.fixture(autouse=True)
def _reseed_for_browser_tests(request):
    """Before each browser test, put the seeded rows back if an earlier live-server test flushed them."""
    if not request.node.get_closest_marker("browser"):
        return
    request.getfixturevalue("transactional_db")
    from django.db import connections

    from fulian.people.models import Category

    if Category.objects.exists() or not _SEEDS.get("default"):
        return
    from django.core import serializers
    from django.db import transaction

    connection = connections["default"]
    with transaction.atomic(), connection.constraint_checks_disabled():
        for obj in serializers.deserialize("json", _SEEDS["default"]):
            # only the rows our data migrations seed; the flush already recreated content types
            if obj.object._meta.app_config.name.startswith("fulian."):
                obj.save()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def phone_context_args():
    """Keyword arguments for browser.new_context() that give a 375-px phone screen."""
    return {
        "viewport": {"width": 375, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "locale": "zh-CN",
    }


@pytest.fixture
def browser_login(live_server):
    """browser_login(page, user) logs the page in through the real login form and returns the base URL."""

    def _login(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return live_server.url

    return _login
