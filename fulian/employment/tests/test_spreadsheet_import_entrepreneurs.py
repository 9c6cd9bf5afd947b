"""Women entrepreneurs imported through the shared spreadsheet mechanism, under the service's checks."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.employment.models import Entrepreneur
from fulian.employment.spreadsheet import ENTREPRENEUR_COLUMNS, EntrepreneurExportSpec

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("employment_entrepreneurs", ENTREPRENEUR_COLUMNS, "创业女性.xlsx")
URL = IMPORT.url
_sheet, _upload = IMPORT.sheet, IMPORT.upload
_errors = error_set


def _born(person):
    return person.birth_date.isoformat()


@pytest.fixture
def sheet(cast, empl):
    born = years_ago(29)
    woman = make_person(cast.village_a1, "黄小琴", born)
    woman.id_number = make_id_number("511781", born, 21)
    woman.save()
    a = empl.woman_a
    good = [
        [woman.id_number, "黄小琴", "", "女大学生创业者", "小琴网店", "电子商务", "2022-04-01", 5, "示范"],
        ["", a.name, _born(a), "返乡创业女性", "翠华农家乐", "", "2020-10-01", "", ""],
    ]  # fmt: skip
    return woman, good


def test_good_sheet_imports_through_the_service(cast, empl, login, sheet):
    woman, good = sheet
    client = login(cast.chair_a)
    job = _upload(client, good)
    assert (job.good_rows, job.bad_rows) == (2, 0), job.errors
    assert woman.id_number not in str(job.preview)
    assert not Entrepreneur.objects.filter(person=woman).exists()
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    e = Entrepreneur.objects.get(person=woman)
    assert (e.kind, e.business_name, e.business_type, e.started_on, e.employees, e.note) == (
        Entrepreneur.Kind.GRADUATE, "小琴网店", "电子商务", datetime.date(2022, 4, 1), 5, "示范"
    )  # fmt: skip
    assert (e.village, e.village_path) == (cast.village_a1, cast.village_a1.path)  # copied by the service
    assert LogEntry.objects.get_for_object(e).filter(action=LogEntry.Action.CREATE).exists()
    e = Entrepreneur.objects.get(person=empl.woman_a)
    assert (e.kind, e.business_type, e.employees) == (Entrepreneur.Kind.RETURNEE, "", 0)


def _bad_rows(cast, empl):
    a, o, b = empl.woman_a, empl.other_a, empl.woman_b
    stranger = make_id_number("511781", years_ago(30), 77)
    born = years_ago(35)
    outsider = make_person(cast.village_b1, "赵春燕", born)
    outsider.id_number = make_id_number("511781", born, 45)
    outsider.save()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    kind, biz = "其他创业女性", "某某小店"
    return [
        ([stranger, "", "", kind, biz, "", "2021-01-01"], "身份证号", "该身份证号未在人员库中登记"),
        (["", "王不在", "1980-01-01", kind, biz, "", "2021-01-01"], "姓名", "在您的管辖范围内找不到王不在"),
        ([outsider.id_number, "", "", kind, biz, "", "2021-01-01"], "身份证号", "该人员不在您的管辖范围内"),
        (["", b.name, _born(b), kind, biz, "", "2021-01-01"], "姓名", f"在您的管辖范围内找不到{b.name}"),
        (["", o.name, _born(o), kind, biz, "", "2021-01-01"], "姓名", f"{o.name}：已登记为创业女性"),
        (["", a.name, _born(a), kind, biz, "", tomorrow], "创业时间", "晚于今天"),
        (["", a.name, _born(a), kind, "", "", "2021-01-01"], "经营实体", "必填项未填写"),
        (["", a.name, _born(a), "", biz, "", "2021-01-01"], "类别", "必填项未填写"),
        (["", a.name, _born(a), kind, biz, "", ""], "创业时间", "必填项未填写"),
        (["", "", "", kind, biz, "", "2021-01-01"], "身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        (["", a.name, _born(a), "个体户", biz, "", "2021-01-01"], "类别", "「个体户」不是可选值"),
        (["", a.name, _born(a), kind, biz, "", "2021-01-01", "-1"], "带动就业", "应在 0–100000 之间"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, empl, login, sheet):
    _, good = sheet
    bad = _bad_rows(cast, empl)
    client = login(cast.chair_a)
    before = Entrepreneur.objects.count()
    job = _upload(client, good + [r for r, _, _ in bad], strict=True)
    assert (job.good_rows, job.bad_rows) == (2, len(bad)), job.errors
    errors = _errors(job)
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert Entrepreneur.objects.count() == before


def test_a_person_repeated_in_the_sheet_is_refused(cast, empl, login, sheet):
    woman, good = sheet
    client = login(cast.chair_a)
    again = ["", woman.name, _born(woman), "巾帼致富带头人", "另一家店", "", "2023-01-01"]
    job = _upload(client, [*good, again])
    assert _errors(job) == {(4, "姓名", "与第 2 行重复（同一人）")}


def test_normal_mode_writes_good_rows_only(cast, empl, login, sheet):
    _, good = sheet
    client = login(cast.chair_a)
    before = Entrepreneur.objects.count()
    bad = [r for r, _, _ in _bad_rows(cast, empl)]
    job = _upload(client, [*good, *bad, good[0]])
    assert (4 + len(bad), "姓名", "与第 2 行重复（同一人）") in _errors(job)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Entrepreneur.objects.count() == before + 2


def test_a_village_chair_cannot_import_a_neighbouring_village(cast, empl, login):
    born = years_ago(31)
    neighbour = make_person(cast.village_a2, "郑秀梅", born)
    neighbour.id_number = make_id_number("511781", born, 52)
    neighbour.save()
    rows = [
        [neighbour.id_number, "", "", "其他创业女性", "秀梅小吃", "", "2021-01-01"],
        ["", neighbour.name, born.isoformat(), "其他创业女性", "秀梅小吃", "", "2021-01-01"],
    ]
    job = _upload(login(cast.vchair_a1), rows)
    assert _errors(job) == {
        (2, "身份证号", "该人员不在您的管辖范围内"),
        (3, "姓名", f"在您的管辖范围内找不到郑秀梅（出生日期 {born:%Y-%m-%d}）"),
    }


def test_access_to_the_import_page_and_template(cast, empl, login):
    IMPORT.assert_four_ways(
        login, allowed=[cast.chair_a], other_unit=cast.town_b, forbidden=[cast.assessor_a, cast.volunteer_a1]
    )


def test_an_outsider_cannot_upload_into_another_town(cast, empl, login, sheet):
    _, good = sheet
    response = login(cast.chair_b).post(URL, {"unit": cast.town_a.pk, "file": _sheet(good)})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_the_entrepreneurs_tab_links_to_the_import(cast, empl, login):
    page = reverse("employment:index") + "?tab=entrepreneurs"
    assert URL in login(cast.chair_a).get(page).content.decode()
    assert URL not in login(cast.assessor_a).get(page).content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    header = IMPORT.template_headers(login(cast.chair_a))
    assert header[: len(ENTREPRENEUR_COLUMNS)] == [c.header for c in ENTREPRENEUR_COLUMNS]


def test_the_shared_fields_carry_the_export_headers():
    exported = {c.header for c in EntrepreneurExportSpec.columns}
    shared = {"姓名", "类别", "经营实体", "行业", "创业时间", "带动就业"}
    assert shared <= exported
    assert shared <= {c.header for c in ENTREPRENEUR_COLUMNS}
