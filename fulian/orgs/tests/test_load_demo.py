"""load_demo: the 万源市 demo on an empty database, never over existing data, extensible by app modules."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from fulian.core.roles import Role
from fulian.orgs.models import FederationMember, Level, Membership, OrgUnit, Position, Zone
from fulian.orgs.services.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoContext,
    demo_logins,
    demo_modules,
    run_demo_modules,
)


@pytest.fixture
def orgs_only(monkeypatch):
    """The organisation part alone (the other apps' demo modules are exercised by one test below)."""
    monkeypatch.setattr("fulian.orgs.services.demo.demo_modules", list)


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def state() -> dict[str, object]:
    User = get_user_model()
    return {
        "units": list(OrgUnit.objects.order_by("path").values_list("path", "name", "zone_id", "updated_at")),
        "zones": list(Zone.objects.values_list("id", "name")),
        "members": FederationMember.objects.count(),
        "users": list(User.objects.order_by("id").values_list("username", "password", "last_login")),
        "memberships": Membership.objects.count(),
        "rows per model": {
            m._meta.label: m._base_manager.count()
            for m in apps.get_models()
            if m.__module__.startswith("fulian.") or m._meta.app_label == "auditlog"
        },
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("orgs_only")
def test_demo_loads_wanyuan_with_zones_groups_federations_and_a_login_for_every_role():
    out = load()
    assert OrgUnit.objects.filter(level=Level.TOWN).count() == 31
    assert OrgUnit.objects.filter(level=Level.VILLAGE).count() == 298
    groups = OrgUnit.objects.filter(level=Level.GROUP)
    assert groups.count() == 18
    assert {OrgUnit.objects.get_parent(g).level for g in groups} == {Level.VILLAGE}
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])

    zoned_towns = {z.town.name for z in Zone.objects.select_related("town")}
    assert zoned_towns == {"竹峪镇", "大竹镇"}
    zhuyu = OrgUnit.objects.get(name="竹峪镇")
    villages = OrgUnit.objects.filter(level=Level.VILLAGE, path__startswith=zhuyu.path)
    assert villages.count() == 20
    assert not villages.filter(zone=None).exists()  # every village of a zoned town is in a zone
    assert set(villages.values_list("zone__town", flat=True)) == {zhuyu.pk}

    county = OrgUnit.objects.get(code="511781")
    assert FederationMember.objects.filter(unit=county, position=Position.CHAIR).count() == 1
    assert FederationMember.objects.filter(unit__level=Level.TOWN, position=Position.CHAIR).count() == 31
    assert FederationMember.objects.filter(position=Position.REPRESENTATIVE).count() == 20
    assert all(m.is_current for m in FederationMember.objects.all())

    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    levels = set(Membership.objects.values_list("unit__level", flat=True))
    assert levels == {Level.COUNTY, Level.TOWN, Level.VILLAGE}
    for membership in Membership.objects.select_related("user"):
        assert membership.user.check_password(DEMO_PASSWORD)
        assert membership.user.username in out
    assert "网站地址：http://" in out
    assert DEMO_PASSWORD in out


# Ledger rows that copy their unit's tree path: (model, unit foreign key, copy).
PATH_COPIES = [
    *(("care." + m, "village", "village_path") for m in ("Volunteer", "Pairing", "Visit")),
    ("health.Campaign", "unit", "unit_path"),
    *(("health." + m, "village", "village_path") for m in ("Screening", "ScreeningCount")),
    *(("employment." + m, "unit", "unit_path") for m in ("Training", "JobFair")),
    *(("employment." + m, "village", "village_path") for m in ("Trainee", "Entrepreneur", "Loan")),
]


@pytest.mark.django_db
def test_whole_demo_with_every_app_loads_on_any_day_and_a_second_run_writes_nothing(any_day):
    first = load()
    assert "已加载演示数据" in first
    for module in demo_modules():
        assert f"演示数据：{module.__name__}" in first
    assert OrgUnit.objects.filter(level=Level.VILLAGE).count() == 298
    for label, fk, path_field in PATH_COPIES:  # the demo bulk-inserts some of them
        model = apps.get_model(label)
        assert model.objects.exists(), label
        assert not model.objects.exclude(**{path_field: F(f"{fk}__path")}).exists(), label
    showcase(any_day)
    before = state()
    out = load()
    assert state() == before
    assert "未加载演示数据" in out
    assert "town_chair" in out
    assert DEMO_PASSWORD in out


def showcase(today) -> None:
    """What a newcomer should find from the first login, whatever the day of the year."""
    from fulian.activities.models import Activity
    from fulian.aid.models import Application, Disbursement, Notice, Objection
    from fulian.assessment.models import Assessment
    from fulian.care.models import Pairing, Visit
    from fulian.cases.models import Case, CaseAssignment
    from fulian.employment.models import Trainee, Training
    from fulian.health.models import Screening, ScreeningCount
    from fulian.indicators.models import IndicatorValue
    from fulian.people.models import Person
    from fulian.reports.models import PlanItem

    year = today.year
    empty = [t.name for t in OrgUnit.objects.filter(level=Level.TOWN) if not Person.objects.filter(
        village_path__startswith=t.path).exists()]  # fmt: skip
    assert empty == []
    zhuyu = OrgUnit.objects.get(code="511781106")
    inside = {"village_path__startswith": zhuyu.path}
    for model, where in [
        (Activity, {"unit_path__startswith": zhuyu.path}),
        (Disbursement, inside),
        (Notice, {"unit": zhuyu}),
        (Pairing, {"village__path__startswith": zhuyu.path}),
        (Visit, inside),
        (Screening, inside),
        (Trainee, inside),
        (Case, {"handling_unit": zhuyu}),
        (Assessment, {"unit": zhuyu}),
    ]:
        assert model.objects.filter(**where).exists(), model.__name__
    statuses = set(Application.objects.filter(**inside).values_list("status", flat=True))
    assert {"submitted", "reviewed", "county", "disbursed"} <= statuses
    assert Objection.objects.filter(notice__unit=zhuyu, status="open").exists()
    for username in ("caseworker", "town_caseworker"):
        assert CaseAssignment.objects.filter(user__username=username, ended_at__isnull=True).exists(), (
            username
        )
    active = Pairing.objects.filter(ended_on__isnull=True)
    overdue = active.filter(next_visit_due__lt=today).count()
    assert 1 <= overdue <= active.count() // 5  # a few, not most
    for unit in (zhuyu, OrgUnit.objects.get(code="511781")):
        assert set(PlanItem.objects.filter(unit=unit).values_list("year", flat=True)) == {year, year + 1}
        assert set(IndicatorValue.objects.filter(unit=unit).values_list("year", flat=True)) == {
            year - 1,
            year,
        }
    # last year's records, so year-on-year figures show
    assert Activity.objects.filter(start_date__year=year - 1).exists()
    assert Activity.objects.filter(start_date__year=year, start_date__lte=today).exists()
    assert not Activity.objects.filter(start_date__gt=today).exists()
    assert Disbursement.objects.filter(paid_on__year=year - 1).exists()
    assert Visit.objects.filter(visited_on__year=year - 1).exists()
    assert ScreeningCount.objects.filter(campaign__started_on__year=year - 1).exists()
    assert Training.objects.filter(started_on__year=year - 1).exists()
    assert Case.objects.filter(received_at__year=year - 1).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("orgs_only")
def test_existing_data_is_never_overwritten(cast):
    before = state()
    out = load()
    assert state() == before
    assert "未加载演示数据" in out
    # The cast has users called admin and county too, but not with the demo password: not listed.
    assert "演示账号" not in out


def test_demo_modules_are_found_in_installed_apps_order(monkeypatch):
    fake = ModuleType("fulian.orgs.demo")
    fake.load = print
    monkeypatch.setitem(sys.modules, "fulian.orgs.demo", fake)
    found = demo_modules()
    assert fake in found
    order = [m.__name__.removesuffix(".demo") for m in found]
    installed = [a for a in settings.INSTALLED_APPS if a in order]
    assert order == installed


@pytest.mark.django_db
def test_app_demo_modules_are_called_with_the_context(monkeypatch):
    calls: list[DemoContext] = []
    fake = ModuleType("fulian.example.demo")
    fake.load = calls.append
    monkeypatch.setattr("fulian.orgs.services.demo.demo_modules", lambda: [fake])
    load()
    assert len(calls) == 1
    ctx = calls[0]
    assert ctx.county.code == "511781"
    assert len(ctx.towns) == 31
    assert len(ctx.villages) == 298
    assert ctx.users["town_chair"].memberships.get().role == Role.TOWN_CHAIR
    assert len(ctx.villages_of(ctx.unit("511781106"))) == 20
    assert ctx.today == timezone.localdate()


@pytest.mark.django_db
def test_a_failing_app_module_leaves_the_database_empty(monkeypatch):
    fake = ModuleType("fulian.example.demo")

    def load_broken(ctx):
        raise RuntimeError("boom")

    fake.load = load_broken
    monkeypatch.setattr("fulian.orgs.services.demo.demo_modules", lambda: [fake])
    with pytest.raises(RuntimeError, match="boom"):
        load()
    assert not OrgUnit.objects.exists()
    assert not get_user_model().objects.exists()


def test_finish_steps_run_after_every_app_has_loaded():
    """An app's `finish(ctx)` waits for later apps' records (the assessment is scored after the surveys demo
    answers its questionnaire)."""
    calls: list[str] = []
    first, second = ModuleType("fulian.first.demo"), ModuleType("fulian.second.demo")
    first.load = lambda ctx: calls.append("first.load")
    first.finish = lambda ctx: calls.append("first.finish")
    second.load = lambda ctx: calls.append("second.load")
    logged: list[str] = []
    run_demo_modules(object(), [first, second], logged.append)
    assert calls == ["first.load", "second.load", "first.finish"]
    assert logged == ["演示数据：fulian.first.demo", "演示数据：fulian.second.demo"]


@pytest.mark.django_db
@pytest.mark.usefixtures("orgs_only")
def test_the_readme_lists_the_logins_load_demo_prints_in_the_same_order():
    out = load()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("| username | role | unit | to see first |") + 2
    table = readme[start : readme.index("", start)]
    listed = [tuple(cell.strip().strip("`") for cell in line.strip("|").split("|")[:3]) for line in table]
    printed = [row[:3] for row in demo_logins()]
    assert listed == printed
    assert len(printed) == len(DEMO_USERS)
    for username, role, unit in printed:
        assert f"  {username} " in out
        assert role in out
        assert unit in out
