"""Visits imported through the shared spreadsheet mechanism, under the service's checks."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse

from fulian.care.models import Visit
from fulian.care.spreadsheet import VISIT_COLUMNS
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set

from .factories import ago, make_pairing, make_person, years_ago

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("care_visits", VISIT_COLUMNS, "走访.xlsx")
URL = IMPORT.url
_sheet, _upload = IMPORT.sheet, IMPORT.upload
_errors = error_set


@pytest.fixture
def sheet(cast, care):
    care.child1.id_number = make_id_number("511781", care.child1.birth_date, 5)
    care.child1.save()
    return [
        [care.child1.id_number, "", "", "周芳", ago(3), "电话", "电话询问学习情况", "需要冬衣"],
        ["", "陈小花", "青龙村", "李红", ago(4), "", "上门陪伴写作业", ""],
    ]


def test_good_sheet_imports_through_the_service(cast, care, login, sheet):
    client = login(cast.chair_a)
    job = _upload(client, sheet)
    assert (job.good_rows, job.bad_rows) == (2, 0)
    assert care.child1.id_number not in str(job.preview)
    before = Visit.objects.count()
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert Visit.objects.count() == before + 2
    visit = Visit.objects.get(pairing=care.p_mine, notes="电话询问学习情况")
    assert (visit.kind, visit.needs_found, visit.recorded_by) == ("phone", "需要冬衣", cast.chair_a)
    care.p_mine.refresh_from_db()
    assert care.p_mine.next_visit_due == datetime.date.fromisoformat(ago(3)) + datetime.timedelta(days=30)
    assert Visit.objects.get(pairing=care.p_other, notes="上门陪伴写作业").kind == "home"


def _bad_rows(cast, care):
    started = care.p_mine.started_on
    logged = care.p_mine.visits.get().visited_on.isoformat()
    return [
        (["", "王小明", "青龙村", "周芳", ago(-3), "", "走访", ""], "走访日期", "晚于今天"),
        (["", "王小明", "青龙村", "周芳", (started - datetime.timedelta(days=1)).isoformat(), "", "走访", ""],
         "走访日期", "走访日期不能早于结对日期"),
        (["", "王小明", "青龙村", "周芳", ago(5), "", "", ""], "走访情况", "必填项未填写"),
        (["", "王小明", "青龙村", "李红", ago(5), "", "走访", ""], "志愿者", "找不到志愿者李红与王小明"),
        (["", "王小明", "青龙村", "周芳", logged, "", "走访", ""], "走访日期", "已有走访记录"),
        (["", "王小明", "青龙村", "周芳", ago(6), "飞鸽", "走访", ""], "方式", "不是可选值"),
        (["", "王小明", "", "周芳", ago(6), "", "走访", ""], "身份证号", "请填写儿童身份证号"),
        (["", "孙小军", "东城社区", "钱英", ago(6), "", "走访", ""], "村(社区)", "不在您的管理范围内"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, care, login, sheet):
    bad = _bad_rows(cast, care)
    client = login(cast.chair_a)
    before = Visit.objects.count()
    job = _upload(client, sheet + [r for r, _, _ in bad], strict=True)
    errors = _errors(job)
    assert (job.good_rows, job.bad_rows) == (2, len(bad)), errors
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert Visit.objects.count() == before


def test_normal_mode_writes_good_rows_and_refuses_a_second_import(cast, care, login, sheet):
    client = login(cast.chair_a)
    before = Visit.objects.count()
    job = _upload(client, [*sheet, sheet[0]])
    assert (4, "走访日期", "与第 2 行重复（同一结对、同一天）") in _errors(job)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert Visit.objects.count() == before + 2
    job = _upload(client, sheet)
    assert job.good_rows == 0
    assert "已有走访记录" in str(job.errors)


def test_outsiders_and_other_volunteers_pairings_are_refused(cast, care, login, sheet):
    far_child = care.child3
    far_child.id_number = make_id_number("511781", far_child.birth_date, 8)
    far_child.save()
    job = _upload(login(cast.chair_a), [[far_child.id_number, "", "", "钱英", ago(3), "", "走访", ""]])
    assert _errors(job) == {(2, "身份证号", "该人员不在您的管辖范围内")}
    # a volunteer logs visits for her own pairing only
    volunteer = login(cast.volunteer_a1)
    job = _upload(volunteer, sheet)
    assert (job.good_rows, job.bad_rows) == (1, 1)
    assert "找不到志愿者李红与陈小花的结对" in str(job.errors)


def test_an_ended_pairing_is_found_for_a_date_inside_it(cast, care, login):
    child = make_person(cast.village_a2, "吴小兰", years_ago(10))
    start = datetime.date.today() - datetime.timedelta(days=90)
    make_pairing(care.other, child, started_on=start, ended_on=start + datetime.timedelta(days=30))
    rows = [
        ["", "吴小兰", "红旗村", "李红", (start + datetime.timedelta(days=40)).isoformat(), "", "走访", ""]
    ]
    job = _upload(login(cast.chair_a), rows)
    assert "走访日期不能晚于结对结束日期" in str(job.errors)
    rows[0][4] = (start + datetime.timedelta(days=10)).isoformat()
    assert _upload(login(cast.chair_a), rows).good_rows == 1


def test_access_to_the_import_page(cast, care, login):
    assert login(cast.chair_a).get(URL).status_code == 200
    assert login(cast.chair_a).get(URL, {"unit": cast.town_b.pk}).status_code == 404
    assert login(cast.assessor_a).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_list_links_to_the_import_for_roles_that_may_log_visits(cast, care, login):
    assert URL in login(cast.volunteer_a1).get(reverse("care:pairing_list")).content.decode()
    assert URL not in login(cast.assessor_a).get(reverse("care:pairing_list")).content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    from openpyxl import load_workbook

    response = login(cast.chair_a).get(reverse("spreadsheets:template", args=["care_visits"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    header = [str(c.value).rstrip("*") for c in next(sheet.iter_rows())]
    assert header[: len(VISIT_COLUMNS)] == [c.header for c in VISIT_COLUMNS]
