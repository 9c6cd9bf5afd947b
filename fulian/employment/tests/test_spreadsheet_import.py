"""Trainees imported through the shared spreadsheet mechanism, under the service's checks."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.employment.models import Trainee, Training
from fulian.employment.spreadsheet import TRAINEE_COLUMNS

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("employment_trainees", TRAINEE_COLUMNS, "学员.xlsx")
URL = IMPORT.url
_sheet, _upload = IMPORT.sheet, IMPORT.upload
_errors = error_set


@pytest.fixture
def sheet(cast, empl):
    born = years_ago(33)
    woman = make_person(cast.village_a1, "黄小琴", born)
    woman.id_number = make_id_number("511781", born, 21)
    woman.save()
    title = empl.training.title
    good = [
        [title, woman.id_number, "黄小琴", "", "是", "是"],
        [title, "", empl.other_a.name, empl.other_a.birth_date.isoformat(), "否", ""],
    ]
    return woman, good


def test_good_sheet_imports_through_the_service(cast, empl, login, sheet):
    woman, good = sheet
    client = login(cast.chair_a)
    job = _upload(client, good)
    assert (job.good_rows, job.bad_rows) == (2, 0)
    assert woman.id_number not in str(job.preview)
    assert not Trainee.objects.filter(person=woman).exists()
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    t = Trainee.objects.get(person=woman)
    assert (t.training, t.village, t.completed, t.certified) == (empl.training, cast.village_a1, True, True)
    assert t.village_path == cast.village_a1.path  # the import goes through trainee_add, which copies it
    t = Trainee.objects.get(person=empl.other_a)
    assert (t.completed, t.certified) == (False, False)


def _bad_rows(cast, empl):
    title = empl.training.title
    a_born = empl.woman_a.birth_date.isoformat()
    o_born = empl.other_a.birth_date.isoformat()
    stranger = make_id_number("511781", years_ago(30), 77)
    return [
        ([title, "", empl.woman_a.name, a_born, "是", ""], "姓名", "已在本次培训名单中"),
        ([title, "", empl.other_a.name, o_born, "否", "是"], "取得证书", "未结业的学员不能登记取得证书"),
        ([title, "", empl.other_a.name, o_born, "也许", ""], "结业", "应填“是”或“否”"),
        (["没有的培训", "", empl.other_a.name, o_born, "", ""], "培训", "没有可填报的培训"),
        ([title, "", "", "", "", ""], "身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        ([title, stranger, "", "", "", ""], "身份证号", "未在人员库中登记"),
        ([title, "", empl.woman_b.name, empl.woman_b.birth_date.isoformat(), "", ""], "姓名", "找不到"),
    ]


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, empl, login, sheet):
    _, good = sheet
    bad = _bad_rows(cast, empl)
    client = login(cast.chair_a)
    before = Trainee.objects.count()
    job = _upload(client, good + [r for r, _, _ in bad], strict=True)
    assert (job.good_rows, job.bad_rows) == (2, len(bad))
    errors = _errors(job)
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert Trainee.objects.count() == before


def test_normal_mode_writes_good_rows_only(cast, empl, login, sheet):
    _, good = sheet
    client = login(cast.chair_a)
    before = Trainee.objects.count()
    bad = [r for r, _, _ in _bad_rows(cast, empl)]
    job = _upload(client, [*good, *bad, good[0]])
    assert (4 + len(bad), "姓名", "与第 2 行重复（同一培训、同一人）") in _errors(job)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Trainee.objects.count() == before + 2


def test_an_outsiders_person_is_refused(cast, empl, login):
    born = years_ago(35)
    outsider = make_person(cast.village_b1, "赵春燕", born)
    outsider.id_number = make_id_number("511781", born, 45)
    outsider.save()
    job = _upload(login(cast.chair_a), [[empl.training.title, outsider.id_number, "", "", "", ""]])
    assert _errors(job) == {(2, "身份证号", "该人员不在您的管辖范围内")}
    neighbour = make_person(cast.village_a2, "郑秀梅", born)
    job = _upload(
        login(cast.vchair_a1), [[empl.training.title, "", neighbour.name, born.isoformat(), "", ""]]
    )
    assert job.bad_rows == 1
    assert "找不到郑秀梅" in str(job.errors)


def test_same_titled_trainings_are_told_apart_by_date(cast, empl, login):
    day = empl.training.started_on.replace(day=1)
    Training.objects.create(title=empl.training.title, unit=cast.town_a, started_on=day, ended_on=day)
    rows = [[empl.training.title, "", empl.other_a.name, empl.other_a.birth_date.isoformat(), "", ""]]
    job = _upload(login(cast.chair_a), rows)
    assert "同名培训请写成「名称（开始日期）」" in str(job.errors)
    rows[0][0] = f"{empl.training.title}（{empl.training.started_on:%Y-%m-%d}）"
    job = _upload(login(cast.chair_a), rows)
    assert (job.good_rows, job.bad_rows) == (1, 0)


def test_access_to_the_import_page(cast, empl, login):
    assert login(cast.chair_a).get(URL).status_code == 200
    assert login(cast.chair_a).get(URL, {"unit": cast.town_b.pk}).status_code == 404
    assert login(cast.assessor_a).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_trainings_tab_links_to_the_import(cast, empl, login):
    assert URL in login(cast.chair_a).get(reverse("employment:index")).content.decode()
    assert URL not in login(cast.assessor_a).get(reverse("employment:index")).content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    from openpyxl import load_workbook

    response = login(cast.chair_a).get(reverse("spreadsheets:template", args=["employment_trainees"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    header = [str(c.value).rstrip("*") for c in next(sheet.iter_rows())]
    assert header[: len(TRAINEE_COLUMNS)] == [c.header for c in TRAINEE_COLUMNS]
