"""Pairings imported through the shared spreadsheet mechanism, under the checks of `pairing_create`."""

import datetime

import pytest
from django.urls import reverse

from fulian.care.models import Pairing
from fulian.care.spreadsheet import PAIRING_COLUMNS
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set

from .factories import ago, make_person, make_volunteer, with_id, years_ago

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("care_pairings", PAIRING_COLUMNS, "结对.xlsx")
URL = IMPORT.url
_sheet, _upload, _confirm = IMPORT.sheet, IMPORT.upload, IMPORT.confirm
_errors = error_set


@pytest.fixture
def kids(cast, care):
    """Unpaired children in 红旗村 (care.free_child is one more), the mine volunteer with an ID number."""
    with_id(care.mine.person, 1)
    with_id(care.free_child, 2)
    return [
        make_person(cast.village_a2, "吴小兰", years_ago(10)),
        make_person(cast.village_a2, "郑小燕", years_ago(6)),
    ]


@pytest.fixture
def sheet(care, kids):
    return [
        [
            care.mine.person.id_number,
            "",
            "",
            care.free_child.id_number,
            "",
            "",
            ago(10),
            "父母外出务工",
            "",
        ],
        [
            "",
            "李红",
            "青龙村",
            "",
            "吴小兰",
            kids[0].birth_date.isoformat(),
            ago(20),
            "单亲家庭",
            "每周",
        ],
    ]


def test_good_sheet_imports_through_the_service(cast, care, kids, login, sheet):
    client = login(cast.chair_a)
    job = _upload(client, sheet)
    assert (job.good_rows, job.bad_rows) == (2, 0), job.errors
    assert care.mine.person.id_number not in str(job.preview)
    assert care.free_child.id_number not in str(job.preview)
    before = Pairing.objects.count()
    assert _confirm(client, job).status == ImportJob.Status.DONE, job.message
    assert Pairing.objects.count() == before + 2
    first = Pairing.objects.get(child=care.free_child, ended_on__isnull=True)
    assert (first.volunteer, first.reason, first.frequency) == (care.mine, "父母外出务工", 30)
    assert first.village_path == cast.village_a2.path
    assert first.next_visit_due == datetime.date.fromisoformat(ago(10)) + datetime.timedelta(days=30)
    second = Pairing.objects.get(child=kids[0], ended_on__isnull=True)
    assert (second.volunteer, second.frequency) == (care.other, 7)
    assert second.next_visit_due == datetime.date.fromisoformat(ago(20)) + datetime.timedelta(days=7)


def _bad_rows(cast, care, kids):
    free = kids[1]
    born = free.birth_date.isoformat()
    adult = make_person(cast.village_a2, "林大姐", years_ago(30))
    plain = make_person(cast.village_a1, "许阿姨", years_ago(45))
    left = make_volunteer(cast.village_a1, "孙丽", left_on=years_ago(0, days=5))
    early = (left.registered_on - datetime.timedelta(days=400)).isoformat()
    with_id(care.child3, 8)
    recent = ago(5)

    def row(vol="李红", village="青龙村", child=free.name, birth=born, day=recent, reason="留守", freq=""):
        return ["", vol, village, "", child, birth, day, reason, freq]

    by_id = row(vol="", village="")
    by_id[0] = with_id(plain, 3)
    far_child = row(child="", birth="")
    far_child[3] = care.child3.id_number
    return [
        (row(vol="张三"), "志愿者姓名", "青龙村没有登记名为张三的志愿者"),
        (by_id, "志愿者身份证号", "许阿姨未登记为志愿者"),
        (row(vol="孙丽", day=ago(3)), "志愿者姓名", "该志愿者已退出"),
        (row(vol="钱英", village="东城社区"), "志愿者所在村(社区)", "不在您的管理范围内"),
        (row(child="不存在"), "儿童姓名", "在您的管辖范围内找不到不存在"),
        (far_child, "儿童身份证号", "该人员不在您的管辖范围内"),
        (row(child=adult.name, birth=adult.birth_date.isoformat()),
         "儿童姓名", "结对对象应为未满18周岁的儿童（结对时已满"),
        (row(child="王小明", birth=care.child1.birth_date.isoformat()), "儿童姓名", "该儿童已有进行中的结对"),
        (row(day=ago(-3)), "结对日期", "晚于今天"),
        (row(day=early), "结对日期", "结对日期不能早于志愿者登记日期"),
        (row(reason=""), "结对原因", "必填项未填写"),
        (row(freq="每天"), "走访频次", "不是可选值"),
        (row(birth=""), "儿童身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        (row(village=""), "志愿者身份证号", "请填写志愿者身份证号"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, care, kids, login, sheet):
    bad = _bad_rows(cast, care, kids)
    client = login(cast.chair_a)
    before = Pairing.objects.count()
    job = _upload(client, sheet + [r for r, _, _ in bad], strict=True)
    errors = _errors(job)
    assert (job.good_rows, job.bad_rows) == (2, len(bad)), errors
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    assert _confirm(client, job).status == ImportJob.Status.REJECTED
    assert Pairing.objects.count() == before


def test_the_same_child_twice_in_the_file_names_the_earlier_row(cast, care, kids, login, sheet):
    client = login(cast.chair_a)
    born = care.free_child.birth_date.isoformat()
    again = ["", "周芳", "青龙村", "", care.free_child.name, born, ago(4), "再次结对", ""]
    job = _upload(client, [*sheet, again], strict=True)
    assert _errors(job) == {(4, "儿童姓名", "与第 2 行重复（同一儿童）")}
    before = Pairing.objects.count()
    assert _confirm(client, job).status == ImportJob.Status.REJECTED
    assert Pairing.objects.count() == before


def test_normal_mode_writes_good_rows_and_refuses_a_second_import(cast, care, kids, login, sheet):
    client = login(cast.chair_a)
    before = Pairing.objects.count()
    job = _upload(client, [*sheet, sheet[0]])
    assert (4, "儿童身份证号", "与第 2 行重复（同一儿童）") in _errors(job)
    assert _confirm(client, job).status == ImportJob.Status.DONE
    assert Pairing.objects.count() == before + 2
    job = _upload(client, sheet)
    assert job.good_rows == 0
    assert str(job.errors).count("该儿童已有进行中的结对") == 2


def test_a_village_chair_cannot_pair_a_volunteer_of_another_village(cast, care, kids, login):
    with_id(care.far.person, 9)
    child = make_person(cast.village_a1, "冯小宝", years_ago(5))
    born = child.birth_date.isoformat()
    row = [care.far.person.id_number, "", "", "", child.name, born, ago(3), "留守", ""]
    job = _upload(login(cast.vchair_a1), [row])
    assert _errors(job) == {(2, "志愿者身份证号", "该志愿者不在您的管辖范围内")}


def test_access_to_the_import_page_and_template(cast, care, login):
    IMPORT.assert_four_ways(
        login, allowed=[cast.chair_a], other_unit=cast.town_b, forbidden=[cast.volunteer_a1, cast.assessor_a]
    )


def test_the_list_links_to_the_import_for_roles_that_may_create_pairings(cast, care, login):
    assert URL in login(cast.vchair_a1).get(reverse("care:pairing_list")).content.decode()
    assert URL not in login(cast.volunteer_a1).get(reverse("care:pairing_list")).content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    header = IMPORT.template_headers(login(cast.chair_a))
    assert header[: len(PAIRING_COLUMNS)] == [c.header for c in PAIRING_COLUMNS]
