"""The import flow through the generic views: every kind of bad row and bad file, normal and strict."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fulian.core.spreadsheets.models import ImportJob
from fulian.orgs.models import Zone

from .conftest import xlsx

pytestmark = pytest.mark.django_db
URL = "/spreadsheets/zones-test/import/"
TOMORROW = (date.today() + timedelta(days=2)).isoformat()


def upload(client, file, strict=False):
    data = {"file": file}
    if strict:
        data["strict"] = "on"
    return client.post(URL, data)


def job_errors(job):
    return {(e["row"], e["column"], e["message"]) for e in job.errors}


GOOD = ["竹峪镇", "东片", "2021-03-01", "好"]
BAD_ROWS = [
    (["竹峪镇", "", "2021-03-01", ""], "片区名称", "必填项未填写"),
    (["竹峪镇", "西片", TOMORROW, ""], "成立日期", "晚于今天"),
    (["竹峪镇", "南片", "2021-02-30", ""], "成立日期", "不是有效日期"),
    (["火星镇", "北片", "", ""], "乡镇", "找不到乡镇「火星镇」"),
    (["古东关街道", "中片", "", ""], "乡镇", "「古东关街道」不在您的管理范围内"),
    (["竹峪镇", "东片", "", ""], "片区名称", "与第 2 行重复（乡镇和片区名称相同）"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(
    cast, login, zone_specs, row, column, message
):
    client = login(cast.chair_a)
    response = upload(client, xlsx([GOOD, row]), strict=True)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    # Strict mode with a bad row: nothing can be written, so the check itself ends the job.
    assert job.status == ImportJob.Status.REJECTED
    assert "严格模式" in job.message
    assert (job.good_rows, job.bad_rows) == (1, 1)
    [(number, col, msg)] = job_errors(job)
    assert (number, col) == (3, column)
    assert message in msg
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert "第 3 行" in page
    assert message in page
    assert 'data-testid="confirm"' not in page
    assert not job.file  # the upload is deleted as soon as the job ends
    response = client.post(reverse("spreadsheets:job_confirm", args=[job.pk]), follow=True)
    assert "不能确认" in response.content.decode()
    assert not Zone.objects.exists()


def test_duplicate_in_database_is_reported(cast, login, zone_specs):
    Zone.objects.create(town=cast.town_a, name="东片")
    client = login(cast.chair_a)
    upload(client, xlsx([GOOD, ["竹峪镇", "西片", "", ""]]), strict=True)
    job = ImportJob.objects.get()
    assert job_errors(job) == {(2, "片区名称", "系统中已有同名片区")}
    assert job.status == ImportJob.Status.REJECTED
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert Zone.objects.count() == 1


def test_normal_mode_writes_every_good_row_and_skips_bad_ones(cast, login, zone_specs):
    client = login(cast.chair_a)
    rows = [GOOD] + [r for r, _, _ in BAD_ROWS] + [["竹峪镇", f"片{i}", "", "好"] for i in range(5)]
    upload(client, xlsx(rows))
    job = ImportJob.objects.get()
    assert (job.good_rows, job.bad_rows) == (6, len(BAD_ROWS))
    assert not Zone.objects.exists()  # the preview writes nothing
    response = client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.written_rows == 6
    assert sorted(Zone.objects.values_list("name", flat=True)) == sorted(
        ["东片", *(f"片{i}" for i in range(5))]
    )
    assert not job.file  # the uploaded sheet (personal data) is removed once written


def test_confirm_twice_writes_once(cast, login, zone_specs):
    client = login(cast.chair_a)
    upload(client, xlsx([GOOD]))
    job = ImportJob.objects.get()
    url = reverse("spreadsheets:job_confirm", args=[job.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "不能确认" in response.content.decode()
    assert Zone.objects.count() == 1


def test_template_example_row_is_skipped(cast, login, zone_specs):
    client = login(cast.chair_a)
    upload(client, xlsx([["竹峪镇", "示例片区", date(2020, 1, 1), None], GOOD]))
    job = ImportJob.objects.get()
    assert (job.processed_rows, job.good_rows) == (1, 1)


def _file_error(client, file):
    response = upload(client, file)
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
    return response.content.decode()


def test_empty_file_is_refused(cast, login, zone_specs):
    page = _file_error(login(cast.chair_a), SimpleUploadedFile("空.xlsx", b""))
    assert "文件是空的" in page


def test_not_an_excel_file_is_refused(cast, login, zone_specs):
    client = login(cast.chair_a)
    page = _file_error(client, SimpleUploadedFile("名单.csv", "姓名,性别\n张丽,女\n".encode()))
    assert "不是 Excel 文件" in page
    page = _file_error(client, SimpleUploadedFile("伪装.xlsx", b"this is plain text, not a workbook"))
    assert "不是 Excel 文件" in page


def test_too_large_file_is_refused(cast, login, zone_specs, settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_BYTES": 1024}
    page = _file_error(login(cast.chair_a), xlsx([GOOD] * 50))
    assert "文件太大" in page


def test_too_many_rows_is_rejected(cast, login, zone_specs, settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ROWS": 3}
    upload(login(cast.chair_a), xlsx([["竹峪镇", f"片{i}", "", ""] for i in range(5)]))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "数据行太多" in job.message


def test_workbook_with_headers_only_is_rejected_as_empty(cast, login, zone_specs):
    upload(login(cast.chair_a), xlsx([]))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "没有数据行" in job.message


def test_blank_sheet_is_rejected_as_empty(cast, login, zone_specs):
    upload(login(cast.chair_a), xlsx([], headers=None))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "表格是空的" in job.message


def test_wrong_layout_names_missing_and_unknown_columns(cast, login, zone_specs):
    upload(login(cast.chair_a), xlsx([["竹峪镇", "东片"]], headers=["乡镇", "名字"]))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "表格格式与模板不符" in job.message
    assert "缺少列「片区名称」" in job.message
    assert "无法识别的列「名字」" in job.message
    assert not Zone.objects.exists()


def test_required_headers_may_carry_the_template_star_and_columns_any_order(cast, login, zone_specs):
    upload(login(cast.chair_a), xlsx([["东片", "竹峪镇"]], headers=["片区名称*", "乡镇*"]))
    job = ImportJob.objects.get()
    assert (job.status, job.good_rows) == (ImportJob.Status.VALIDATED, 1)


def test_errors_are_capped_and_paginated(cast, login, zone_specs, settings):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_ERRORS": 60}
    client = login(cast.chair_a)
    upload(client, xlsx([["火星镇", f"片{i}", "", ""] for i in range(80)]))
    job = ImportJob.objects.get()
    assert (job.bad_rows, job.error_count, len(job.errors)) == (80, 80, 60)
    page2 = client.get(reverse("spreadsheets:job", args=[job.pk]) + "?page=2").content.decode()
    assert "只列出前 60 处" in page2
    assert "2 / 2" in page2
    assert "第 52 行" in page2
