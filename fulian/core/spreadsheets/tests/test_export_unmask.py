"""The disclosure rule, export by export, with users holding two roles: a village chair of 青龙村 (town A,
where she may unmask) who is also a committee member — or an assessor — of 古东关街道 (town B, where she
may only view). Rows of town B come out masked; rows of her own village in full; the access log records
each disclosure at the unit whose data were shown, and nothing at town B."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fulian.care.tests.conftest import care  # noqa: F401
from fulian.cases.tests.conftest import cw  # noqa: F401
from fulian.core import idcard
from fulian.core.masking import mask_mobile, mask_name
from fulian.core.models import AccessLog
from fulian.core.roles import Role
from fulian.employment.tests.conftest import empl  # noqa: F401
from fulian.health.tests.conftest import health  # noqa: F401
from fulian.people.tests.factories import add_category

from .world import build, workbook_cells

pytestmark = pytest.mark.django_db
MINOR_BORN = datetime.date(2015, 6, 1)
HOME = "幸福路1号"


@pytest.fixture
def world(cast, care, health, empl, cw):  # noqa: F811
    from fulian.care.models import Volunteer
    from fulian.people.models import Person
    from fulian.people.services import person_build

    w = build(cast, care=care, health=health, empl=empl, cw=cw)
    for village in (cast.village_a1, cast.village_b1):
        add_category(w.people[village.pk], "disabled")
        minor = person_build(
            name=f"小{village.name[0]}", gender="F", birth_date=MINOR_BORN, village=village,
            residence_address=village.name + HOME,
        )  # fmt: skip
        minor.save()
    Volunteer.objects.filter(pk=care.mine.pk).update(phone="13700000001")
    Volunteer.objects.filter(pk=care.far.pk).update(phone="13700000003")
    w.outside = list(Person.objects.filter(village_path__startswith=cast.town_b.path))
    return w


@pytest.fixture
def users(cast):
    from conftest import make_user

    return {
        # village chair here (unmask), committee member there (view people, pairings, employment)
        "member": make_user(
            "m1", (cast.village_a1, Role.VILLAGE_CHAIR), (cast.town_b, Role.COMMITTEE_MEMBER)
        ),
        # village chair here, assessor there (view aid and screenings, unmask nothing)
        "assessor": make_user("m2", (cast.village_a1, Role.VILLAGE_CHAIR), (cast.town_b, Role.ASSESSOR)),
        # town staff here (screening results), assessor there
        "staff": make_user("m3", (cast.town_a, Role.TOWN_STAFF), (cast.town_b, Role.ASSESSOR)),
    }


def rows_of(client, name):
    cells = workbook_cells(client.get(reverse("spreadsheets:export", args=[name])))
    width = max(c.column for c in cells)
    values = [c.value for c in cells]
    table = [values[i : i + width] for i in range(0, len(values), width)]
    header = table[0]
    return [dict(zip(header, r, strict=True)) for r in table[1:]], values


def assert_nothing_of_town_b_in_full(world, values):
    text = "\n".join(str(v) for v in values if v is not None)
    for person in world.outside:
        if person.id_number:
            assert person.id_number not in text, person.name
        if person.mobile:
            assert person.mobile not in text, person.name
        if person.residence_address and person.is_minor:
            assert person.residence_address not in text, person.name


def disclosures(user, spec):
    logs = AccessLog.objects.filter(user=user, action=AccessLog.Action.EXPORT, target_type=spec)
    return {log.unit_path: log.detail for log in logs}


def test_people(cast, world, users, login):
    rows, values = rows_of(login(users["member"]), "people")
    by_name = {r["姓名"]: r for r in rows}
    here, there = world.people[cast.village_a1.pk], world.people[cast.village_b1.pk]
    assert by_name[here.name]["居民身份证号"] == here.id_number
    assert by_name[here.name]["手机号码"] == here.mobile
    assert "残疾" in by_name[here.name]["人员类别"]
    assert by_name["小青"]["居住地"] == "青龙村" + HOME
    assert by_name[there.name]["居民身份证号"] == idcard.mask(there.id_number)
    assert by_name[there.name]["手机号码"] == mask_mobile(there.mobile)
    assert "残疾" not in (by_name[there.name]["人员类别"] or "")
    assert by_name["小东"]["居住地"] == "（未成年人信息已隐藏）"
    assert_nothing_of_town_b_in_full(world, values)
    logged = disclosures(users["member"], "people")
    assert set(logged) == {cast.village_a1.path}
    assert "含完整个人信息" in logged[cast.village_a1.path]
    assert "已脱敏" in logged[cast.village_a1.path]  # and says that the other rows were masked
    # the same answer as the person page: the town-B record cannot be unmasked there either
    client = login(users["member"])
    assert client.post(reverse("people:unmask", args=[there.pk])).status_code == 403
    assert client.post(reverse("people:unmask", args=[here.pk])).status_code == 200


@pytest.mark.parametrize("spec", ["aid-applications", "aid-disbursements"])
def test_aid(cast, world, users, login, spec):
    rows, values = rows_of(login(users["assessor"]), spec)
    here, there = world.people[cast.village_a1.pk], world.people[cast.village_b1.pk]
    by_id = {r["居民身份证号"]: r for r in rows}
    assert by_id[here.id_number]["姓名"] == here.name
    assert by_id[idcard.mask(there.id_number)]["姓名"] == mask_name(there.name)
    assert_nothing_of_town_b_in_full(world, values)
    assert set(disclosures(users["assessor"], spec)) == {cast.village_a1.path}


def test_volunteers(cast, world, users, login, care):  # noqa: F811
    rows, values = rows_of(login(users["member"]), "care_volunteers")
    phones = {r["姓名"]: r["联系电话"] for r in rows}
    assert phones[care.mine.person.name] == "13700000001"
    assert phones[care.far.person.name] == mask_mobile("13700000003")
    assert "13700000003" not in [str(v) for v in values]
    assert set(disclosures(users["member"], "care_volunteers")) == {cast.village_a1.path}


def test_screenings(cast, world, users, login, health):  # noqa: F811
    rows, _ = rows_of(login(users["staff"]), "health_screenings")
    results = {r["姓名"]: r["筛查结果"] for r in rows}
    assert results[health.s_a.person.name] == health.s_a.get_result_display()
    assert results[health.s_b.person.name] == "***"
    assert set(disclosures(users["staff"], "health_screenings")) == {cast.village_a1.path}


@pytest.mark.parametrize(
    "spec",
    [
        "activities",
        "care_pairings",
        "care_visits",
        "employment_trainees",
        "employment_entrepreneurs",
        "employment_loans",
    ],
)
def test_exports_without_personal_columns(cast, world, users, login, spec):
    """They show names and facts, never an ID number, a mobile or a minor's address; their rows come from
    both roles' scopes; the export is logged once, as masked."""
    rows, values = rows_of(login(users["member"]), spec)
    assert_nothing_of_town_b_in_full(world, values)
    logs = AccessLog.objects.filter(user=users["member"], target_type=spec)
    assert logs.count() == 1
    assert f"导出 {len(rows)} 行" in logs.get().detail


def test_pairings_come_from_both_scopes(cast, world, users, login, care):  # noqa: F811
    rows, _ = rows_of(login(users["member"]), "care_pairings")
    assert {r["结对儿童"] for r in rows} == {care.child1.name, care.child2.name, care.child3.name}


def test_api_fields_follow_the_same_rule(cast, world, users, api_client, care, health):  # noqa: F811
    api_client.force_authenticate(users["member"])
    phones = {v["id"]: v["phone"] for v in api_client.get("/api/v1/care/volunteers/").json()["results"]}
    assert phones[care.mine.pk] == "13700000001"
    assert phones[care.far.pk] == mask_mobile("13700000003")
    log = AccessLog.objects.get(user=users["member"], target_type="care.volunteer")
    assert log.unit == cast.village_a1
    people = {p["id"]: p for p in api_client.get("/api/v1/persons/").json()["results"]}
    here, there = world.people[cast.village_a1.pk], world.people[cast.village_b1.pk]
    assert "残疾" in people[here.pk]["categories"]
    assert "残疾" not in people[there.pk]["categories"]
    api_client.force_authenticate(users["staff"])
    rows = {s["id"]: s for s in api_client.get("/api/v1/health/screenings/").json()["results"]}
    assert rows[health.s_a.pk]["result"] == health.s_a.result
    assert rows[health.s_b.pk]["result"] == "***"


def test_pages_follow_the_same_rule(cast, world, users, login, health):  # noqa: F811
    """The screening list shows results per row; a sensitive category filters only where she may unmask."""
    from fulian.people.models import Category

    page = login(users["staff"]).get(reverse("health:campaign_detail", args=[health.campaign.pk]))
    html = page.content.decode()
    assert health.s_a.get_result_display() in html
    assert 'data-testid="result">***<' in html  # town B's row
    assert 'data-testid="masked-note"' in html
    disabled = Category.objects.get(code="disabled")
    page = login(users["member"]).get(reverse("people:list") + f"?category={disabled.pk}")
    html = page.content.decode()
    assert world.people[cast.village_a1.pk].name in html
    assert world.people[cast.village_b1.pk].name not in html


def test_edit_form_hides_sensitive_categories_where_she_may_not_unmask(cast, world, login):
    """An administrator of the county (may edit everyone, unmask no one) who is also a village chair."""
    from conftest import make_user

    user = make_user("m4", (cast.county, Role.ADMIN), (cast.village_a1, Role.VILLAGE_CHAIR))
    client = login(user)
    here, there = world.people[cast.village_a1.pk], world.people[cast.village_b1.pk]
    assert "残疾" in client.get(reverse("people:edit", args=[here.pk])).content.decode()
    assert "残疾" not in client.get(reverse("people:edit", args=[there.pk])).content.decode()


def test_laid_out_exports_follow_the_same_rule(cast, world, login):
    """Statistics count a sensitive category only for a unit where the user may unmask; the case workbook
    shows the party's ID number masked to everyone; no laid-out workbook holds a full ID number or mobile of
    town B."""
    from django.utils import timezone

    from conftest import make_user

    from .world import laid_out_exports

    user = make_user("m5", (cast.county, Role.ADMIN), (cast.village_a1, Role.VILLAGE_CHAIR))
    year = timezone.localtime(world.people[cast.village_a1.pk].created_at).year  # the period of the records

    def stats(unit):
        url = reverse("reports:stats") + f"?unit={unit.pk}&kind=year&year={year}&format=xlsx"
        return [c.value for c in workbook_cells(login(user).get(url))]

    assert any("残疾" in str(v) for v in stats(cast.village_a1))
    assert not any("残疾" in str(v) for v in stats(cast.village_b1))
    assert not any("残疾" in str(v) for v in stats(cast.county))  # the county is not hers to unmask
    person = world.case.person
    person.id_number = idcard.make_id_number("511781", person.birth_date, 31)
    person.save()
    for _module, (url, allowed) in laid_out_exports(cast, world).items():
        values = [c.value for c in workbook_cells(login(allowed).get(url))]
        assert_nothing_of_town_b_in_full(world, values)
        assert person.id_number not in [str(v) for v in values]
    case_values = [
        c.value
        for c in workbook_cells(login(cast.caseworker_a).get(reverse("cases:export", args=[world.case.pk])))
    ]
    assert person.id_number_masked in case_values
