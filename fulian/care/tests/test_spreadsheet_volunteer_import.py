"""Volunteers imported through the shared spreadsheet mechanism, under the checks of `volunteer_register`."""

import datetime

import pytest
from django.urls import reverse

from fulian.care.models import Volunteer
from fulian.care.spreadsheet import VOLUNTEER_COLUMNS
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set

from .factories import ago, make_person, with_id, years_ago

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("care_volunteers", VOLUNTEER_COLUMNS, "志愿者.xlsx")
URL = IMPORT.url
_sheet, _upload, _confirm = IMPORT.sheet, IMPORT.upload, IMPORT.confirm
_errors = error_set


@pytest.fixture
def women(cast, care):
    """Two registry women not yet volunteers: one in 青龙村 with an ID number, one in 红旗村 without."""
    return [
        make_person(cast.village_a1, "许阿姨", years_ago(45)),
        make_person(cast.village_a2, "林大姐", years_ago(38)),
    ]


@pytest.fixture
def sheet(women):
    first, second = women
    return [
        [with_id(first, 1), "", "", "巾帼志愿者", ago(30), "13912345678", "擅长辅导作业"],
        ["", second.name, second.birth_date.isoformat(), "", ago(10), "", ""],
    ]


def test_good_sheet_imports_through_the_service(cast, care, women, login, sheet):
    client = login(cast.chair_a)
    job = _upload(client, sheet)
    assert (job.good_rows, job.bad_rows) == (2, 0), job.errors
    assert women[0].id_number not in str(job.preview)
    before = Volunteer.objects.count()
    assert _confirm(client, job).status == ImportJob.Status.DONE, job.message
    assert Volunteer.objects.count() == before + 2
    first = Volunteer.objects.get(person=women[0])
    assert (first.kind, first.phone, first.note) == (
        Volunteer.Kind.WOMEN_VOLUNTEER,
        "13912345678",
        "擅长辅导作业",
    )
    assert first.registered_on == datetime.date.fromisoformat(ago(30))
    assert (first.village, first.village_path, first.user) == (cast.village_a1, cast.village_a1.path, None)
    second = Volunteer.objects.get(person=women[1])
    assert (second.kind, second.phone, second.note) == (Volunteer.Kind.CARING_MOTHER, "", "")
    assert second.village_path == cast.village_a2.path


def _bad_rows(cast, care, women):
    free = women[1]
    born = free.birth_date.isoformat()
    far = make_person(cast.village_b1, "钱阿姨", years_ago(50))
    unknown = make_id_number("511781", years_ago(33), 7)
    recent = ago(5)

    def row(id_number="", name=free.name, birth=born, kind="", day=recent, phone="", note=""):
        return [id_number, name, birth, kind, day, phone, note]

    return [
        (row(id_number=unknown, name="", birth=""), "身份证号", "该身份证号未在人员库中登记"),
        (row(id_number=with_id(far, 2), name="", birth=""), "身份证号", "该人员不在您的管辖范围内"),
        (row(id_number=with_id(care.mine.person, 3), name="", birth=""), "身份证号", "该人员已登记为志愿者"),
        (row(id_number=with_id(care.free_child, 4), name="赵大雨"), "姓名", "与身份证号登记的姓名不符"),
        (row(name="不存在"), "姓名", "在您的管辖范围内找不到不存在"),
        (row(name="李红", birth=care.other.person.birth_date.isoformat()), "姓名", "该人员已登记为志愿者"),
        (row(birth=""), "身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        (row(kind="志愿者"), "类别", "不是可选值"),
        (row(day=ago(-3)), "登记日期", "晚于今天"),
        (row(day=""), "登记日期", "必填项未填写"),
        (row(day="去年"), "登记日期", "不是有效日期"),
        (row(phone="1" * 21), "联系电话", "最多 20 字"),
        (row(note="备" * 201), "备注", "最多 200 字"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, care, women, login, sheet):
    bad = _bad_rows(cast, care, women)
    client = login(cast.chair_a)
    before = Volunteer.objects.count()
    job = _upload(client, sheet + [r for r, _, _ in bad], strict=True)
    errors = _errors(job)
    assert (job.good_rows, job.bad_rows) == (2, len(bad)), errors
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    assert _confirm(client, job).status == ImportJob.Status.REJECTED
    assert Volunteer.objects.count() == before


def test_the_same_person_twice_in_the_file_names_the_earlier_row(cast, care, women, login, sheet):
    client = login(cast.chair_a)
    again = ["", women[0].name, women[0].birth_date.isoformat(), "爱心妈妈", ago(4), "", ""]
    job = _upload(client, [*sheet, again, sheet[1]], strict=True)
    assert _errors(job) == {
        (4, "姓名", "与第 2 行重复（同一人）"),
        (5, "姓名", "与第 3 行重复（同一人）"),
    }
    before = Volunteer.objects.count()
    assert _confirm(client, job).status == ImportJob.Status.REJECTED
    assert Volunteer.objects.count() == before


def test_normal_mode_writes_good_rows_and_refuses_a_second_import(cast, care, women, login, sheet):
    client = login(cast.chair_a)
    before = Volunteer.objects.count()
    job = _upload(client, [*sheet, sheet[0]])
    assert (4, "身份证号", "与第 2 行重复（同一人）") in _errors(job)
    assert _confirm(client, job).status == ImportJob.Status.DONE
    assert Volunteer.objects.count() == before + 2
    job = _upload(client, sheet)
    assert job.good_rows == 0
    assert _errors(job) == {(2, "身份证号", "该人员已登记为志愿者"), (3, "姓名", "该人员已登记为志愿者")}


def test_a_person_outside_the_chosen_unit_or_the_chairs_village_is_refused(cast, care, women, login, sheet):
    missing = f"在您的管辖范围内找不到林大姐（出生日期 {women[1].birth_date:%Y-%m-%d}）"
    job = _upload(login(cast.chair_a), sheet, unit=cast.village_a1)
    assert (job.good_rows, _errors(job)) == (1, {(3, "姓名", missing)})
    job = _upload(login(cast.vchair_a1), [sheet[1]])
    assert _errors(job) == {(2, "姓名", missing)}
    by_id = [with_id(women[1], 5), "", "", "", ago(3), "", ""]
    job = _upload(login(cast.vchair_a1), [by_id])
    assert _errors(job) == {(2, "身份证号", "该人员不在您的管辖范围内")}


def test_access_to_the_import_page_and_template(cast, care, login):
    IMPORT.assert_four_ways(
        login,
        allowed=[cast.chair_a, cast.vchair_a1],
        other_unit=cast.town_b,
        forbidden=[cast.volunteer_a1, cast.assessor_a],
    )


def test_the_volunteer_list_links_to_the_import_for_roles_that_may_register_volunteers(cast, care, login):
    volunteers = reverse("care:volunteer_list")
    assert URL in login(cast.vchair_a1).get(volunteers).content.decode()
    assert URL in login(cast.chair_a).get(volunteers).content.decode()
    page = login(cast.volunteer_a1).get(volunteers)
    assert page.status_code == 200
    assert URL not in page.content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    header = IMPORT.template_headers(login(cast.chair_a))
    assert header[: len(VOLUNTEER_COLUMNS)] == [
        "身份证号",
        "姓名",
        "出生日期",
        "类别",
        "登记日期",
        "联系电话",
        "备注",
    ]
