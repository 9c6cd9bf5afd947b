"""Named screenings imported through the shared spreadsheet mechanism, under the service's checks."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.health.models import Hospital, Screening
from fulian.health.spreadsheet import SCREENING_COLUMNS

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("health_screenings", SCREENING_COLUMNS, "筛查名单.xlsx")
URL = IMPORT.url
_sheet, _upload = IMPORT.sheet, IMPORT.upload
_errors = error_set


@pytest.fixture
def sheet(cast, health):
    born = years_ago(42, days=10)
    woman = make_person(cast.village_a1, "陈淑华", born)
    woman.id_number = make_id_number("511781", born, 12)
    woman.save()
    day = (health.today - datetime.timedelta(days=3)).isoformat()
    good = [
        [health.campaign.name, woman.id_number, "", "", day, health.hospital.name],
        [health.campaign.name, "", "罗桂兰", health.candidate.birth_date.isoformat(), day, ""],
    ]
    return woman, day, good


def test_good_sheet_imports_through_the_service(cast, health, login, sheet):
    woman, _, good = sheet
    client = login(cast.chair_a)
    job = _upload(client, good)
    assert (job.good_rows, job.bad_rows) == (2, 0)
    assert woman.id_number not in str(job.preview)
    assert not Screening.objects.filter(person=woman).exists()
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    s = Screening.objects.get(person=woman)
    assert (s.village, s.hospital, s.age) == (cast.village_a1, health.hospital, 42)
    assert s.village_path == cast.village_a1.path  # the import goes through screening_record, which copies it
    assert Screening.objects.filter(person=health.candidate, campaign=health.campaign).exists()


def _bad_rows(cast, health, day):
    c, other = health.campaign.name, Hospital.objects.create(name="某民营医院")
    outside_day = (health.campaign.started_on - datetime.timedelta(days=1)).isoformat()
    young, man, cand = (p.birth_date.isoformat() for p in (health.young, health.man, health.candidate))
    a, b = health.woman_a.birth_date.isoformat(), health.woman_b.birth_date.isoformat()
    return [
        ([c, "", "杨小燕", young, day, ""], "姓名", "不在本次筛查的对象年龄范围"),
        ([c, "", "张大山", man, day, ""], "姓名", "筛查对象应为女性"),
        ([c, "", "罗桂兰", cand, outside_day, ""], "筛查日期", "应在活动期间"),
        ([c, "", "李秀英", a, day, ""], "姓名", "已在本次筛查中登记"),
        ([c, "", "何春梅", b, day, ""], "姓名", "找不到何春梅"),
        ([c, "", "罗桂兰", cand, day, other.name], "筛查医院", "不是本次筛查的合作医院"),
        ([c, "", "罗桂兰", "", day, ""], "身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        ([c, make_id_number("511781", years_ago(40), 99), "", "", day, ""], "身份证号", "未在人员库中登记"),
        (["别的活动", "", "罗桂兰", cand, day, ""], "筛查活动", "没有可填报的筛查活动"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, health, login, sheet):
    _, day, good = sheet
    bad = _bad_rows(cast, health, day)
    client = login(cast.chair_a)
    before = Screening.objects.count()
    job = _upload(client, good + [r for r, _, _ in bad], strict=True)
    assert (job.good_rows, job.bad_rows) == (2, len(bad))
    errors = _errors(job)
    for number, (_, column, message) in enumerate(bad, start=4):
        assert any(n == number and col == column and message in msg for n, col, msg in errors), (
            number,
            column,
            message,
            errors,
        )
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert Screening.objects.count() == before


def test_normal_mode_writes_good_rows_and_reports_duplicates_in_the_file(cast, health, login, sheet):
    _, _, good = sheet
    client = login(cast.chair_a)
    before = Screening.objects.count()
    job = _upload(client, [*good, good[0]])
    assert (4, "姓名", "与第 2 行重复（同一筛查活动、同一人）") in _errors(job)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert Screening.objects.count() == before + 2


def test_an_outsiders_person_is_refused(cast, health, login, sheet):
    _, day, _ = sheet
    born = years_ago(44)
    outsider = make_person(cast.village_b1, "吴玉兰", born)
    outsider.id_number = make_id_number("511781", born, 33)
    outsider.save()
    client = login(cast.chair_a)
    job = _upload(client, [[health.campaign.name, outsider.id_number, "", "", day, ""]])
    assert _errors(job) == {(2, "身份证号", "该人员不在您的管辖范围内")}
    # a village chair of 青龙村 cannot reach 红旗村 either, by name
    other = make_person(cast.village_a2, "郑秀梅", born)
    job = _upload(login(cast.vchair_a1), [[health.campaign.name, "", other.name, born.isoformat(), day, ""]])
    assert job.bad_rows == 1
    assert "找不到郑秀梅" in str(job.errors)


def test_access_to_the_import_page(cast, health, login):
    assert login(cast.chair_a).get(URL).status_code == 200
    assert login(cast.chair_a).get(URL, {"unit": cast.town_b.pk}).status_code == 404
    assert login(cast.assessor_a).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response.url
    template = login(cast.chair_a).get(reverse("spreadsheets:template", args=["health_screenings"]))
    assert template.status_code == 200


def test_the_campaign_list_links_to_the_import(cast, health, login):
    assert URL in login(cast.chair_a).get(reverse("health:campaign_list")).content.decode()
    assert URL not in login(cast.assessor_a).get(reverse("health:campaign_list")).content.decode()
