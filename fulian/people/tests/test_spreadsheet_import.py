"""Importing people from Excel: each kind of bad row, scope, dedup against the file and the database,
strict and normal mode, the template's dropdowns, and the background job with its progress."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fulian.core import idcard
from fulian.core.spreadsheets.models import ImportJob
from fulian.people.models import Person, PersonCategory, Relation
from fulian.people.services import person_build
from fulian.people.spreadsheet import COLUMNS

pytestmark = pytest.mark.django_db
URL = "/spreadsheets/people/import/"
HEADERS = [c.header for c in COLUMNS]


def ric(born: date, seq: int, area: str = "511781") -> str:
    return idcard.make_id_number(area, born, seq)


def row(**values) -> list:
    defaults = {"name": "李梅", "village": "青龙村", "id_number": ric(date(1980, 5, 6), 2)}
    defaults.update(values)
    return [defaults.get(c.key, "") for c in COLUMNS]


def sheet(rows, headers=HEADERS) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("服务对象.xlsx", out.getvalue())


def upload(client, rows, strict=False):
    data = {"file": sheet(rows)}
    if strict:
        data["strict"] = "on"
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def confirm(client, job):
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


GOOD = row()
FUTURE = (date.today() + timedelta(days=3)).isoformat()
BAD = {
    "bad ID checksum": (row(id_number=ric(date(1981, 1, 1), 4)[:17] + "0", gender="女",
                            birth_date="1981-01-01"), "居民身份证号", "校验码错误"),
    "date in the future": (row(id_number="", gender="女", birth_date=FUTURE), "出生日期", "不能晚于今天"),
    "unknown village": (row(id_number=ric(date(1982, 1, 1), 4), village="火星村"), "所属村(社区)",
                        "找不到村(社区)「火星村」"),
    "village outside scope": (row(id_number=ric(date(1983, 1, 1), 4), village="东城社区"), "所属村(社区)",
                              "「东城社区」不在您的管理范围内"),
    "duplicate in the file": (row(name="李梅梅"), "居民身份证号", "与第 2 行重复（身份证号相同）"),
    "missing required field": (row(name="", id_number=ric(date(1984, 1, 1), 4)), "姓名", "必填项未填写"),
    "gender disagrees with ID": (row(id_number=ric(date(1985, 1, 1), 4), gender="男"), "性别",
                                 "性别与身份证号不符"),
    "minor without guardian": (row(id_number=ric(date.today() - timedelta(days=10 * 365), 4)),
                               "监护人身份证号", "未成年人必须填写监护人身份证号"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_row_is_reported_and_strict_mode_writes_nothing(cast, login, kind):
    bad, column, message = BAD[kind]
    client = login(cast.chair_a)
    job = upload(client, [GOOD, bad], strict=True)
    assert job.status == ImportJob.Status.REJECTED  # strict mode and a bad row: nothing can be written
    assert (job.good_rows, job.bad_rows) == (1, 1)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, column)]
    assert message in job.errors[0]["message"]
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert message in page
    assert 'data-testid="confirm"' not in page
    job = confirm(client, job)
    assert job.status == ImportJob.Status.REJECTED
    assert not Person.objects.exists()


def test_duplicate_in_the_database_names_a_visible_record(cast, login):
    Person.objects.bulk_create([person_build(name="李梅", id_number=GOOD[3], birth_date=date(1980, 5, 6),
                                             gender="F", village=cast.village_a1)])  # fmt: skip
    job = upload(login(cast.chair_a), [GOOD])
    assert job.errors[0]["message"] == "该身份证号已登记：李梅（青龙村），不能重复导入"


def test_duplicate_in_the_database_outside_scope_is_neutral(cast, login):
    Person.objects.bulk_create([person_build(name="秘密", id_number=GOOD[3], birth_date=date(1980, 5, 6),
                                             gender="F", village=cast.village_b1)])  # fmt: skip
    job = upload(login(cast.chair_a), [GOOD], strict=True)
    assert job.errors[0]["message"] == "该身份证号无法登记，请联系乡镇妇联核实"
    assert "秘密" not in str(job.errors)
    assert "东城社区" not in str(job.errors)


def test_village_chair_cannot_import_into_the_neighbouring_village(cast, login):
    job = upload(login(cast.vchair_a1), [GOOD, row(id_number=ric(date(1990, 2, 2), 4), village="红旗村")])
    assert job.errors == [{"row": 3, "column": "所属村(社区)", "message": "「红旗村」不在您的管理范围内"}]


def test_normal_mode_writes_good_rows_with_categories_and_guardians(cast, login):
    client = login(cast.chair_a)
    child_born = date.today() - timedelta(days=9 * 365)  # not .replace(year=…): 29 February
    mother_id = ric(date(1986, 4, 4), 8)
    rows = [
        GOOD,
        row(name="王芳", id_number=mother_id, village="红旗村", categories="单亲母亲、失业妇女",
            mobile="13912345678", group=""),
        row(name="王小", id_number=ric(child_born, 6), village="红旗村", guardian=mother_id,
            categories="留守儿童"),
        row(name="赵一", id_number=ric(date(1970, 7, 7), 2), group="一组"),
        *BAD.values().__iter__().__next__()[:1],
    ]  # fmt: skip
    job = upload(client, rows)
    assert (job.good_rows, job.bad_rows) == (4, 1)
    assert not Person.objects.exists()
    job = confirm(client, job)
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 4)
    mother = Person.objects.get(name="王芳")
    assert mother.id_number == mother_id
    assert mother.mobile == "13912345678"
    assert mother.village == cast.village_a2
    assert mother.name_initials == "wf"
    assert sorted(PersonCategory.objects.filter(person=mother).values_list("category__name", flat=True)) == [
        "单亲母亲", "失业妇女"]  # fmt: skip
    child = Person.objects.get(name="王小")
    assert Relation.objects.filter(person=child, relative=mother, kind="guardian").exists()
    assert Person.objects.get(name="赵一").group == cast.group_a1
    assert Person.objects.get(name="李梅").created_by == cast.chair_a


def test_preview_masks_id_numbers(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD])
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert GOOD[3] not in page
    assert idcard.mask(GOOD[3]) in page


def test_bad_file_kinds_are_refused_with_chinese_messages(cast, login, settings):
    client = login(cast.chair_a)
    for file, message in [
        (SimpleUploadedFile("空.xlsx", b""), "文件是空的"),
        (SimpleUploadedFile("名单.txt", "李梅".encode()), "不是 Excel 文件"),
    ]:
        response = client.post(URL, {"file": file})
        assert response.status_code == 400
        assert message in response.content.decode()
    settings.FULIAN = {**settings.FULIAN, "IMPORT_MAX_BYTES": 2000}
    response = client.post(URL, {"file": sheet([GOOD] * 30)})
    assert "文件太大" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not Person.objects.exists()


def test_wrong_layout_is_rejected(cast, login):
    client = login(cast.chair_a)
    response = client.post(URL, {"file": sheet([["李梅", "女"]], headers=["名字", "性别"])})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.REJECTED
    assert "缺少列「姓名」、「所属村(社区)」" in job.message


def test_template_has_dropdowns_for_scope_villages_and_categories(cast, login):
    client = login(cast.chair_a)
    response = client.get(reverse("spreadsheets:template", args=["people"]))
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    ws = wb["数据"]
    assert [c.value for c in ws[1]][:3] == ["姓名*", "性别", "出生日期"]
    assert ws.cell(row=2, column=1).value == "张丽"  # the example row
    options = wb["选项"]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in options.iter_cols()}
    assert columns["所属村(社区)"] == ["青龙村", "红旗村"]  # town A's villages only
    assert "单亲母亲" in columns["人员类别"]
    assert columns["性别"] == ["女", "男"]
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    village_col = "F"
    assert validations[f"{village_col}2"].type == "list"
    assert "选项" in validations[f"{village_col}2"].formula1
    assert "填写说明" in wb.sheetnames


def test_village_chair_template_lists_only_her_village(cast, login):
    response = login(cast.vchair_a1).get(reverse("spreadsheets:template", args=["people"]))
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb["选项"].iter_cols()}
    assert columns["所属村(社区)"] == ["青龙村"]


def test_the_request_only_queues_the_check_and_the_worker_reports_progress(cast, login, settings):
    """The web request stores the upload and queues the check (nothing of the sheet is parsed there);
    the worker writes its progress after each chunk, visible to the page."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = login(cast.chair_a)
    rows = [row(name=f"人{i}", id_number=ric(date(1960, 1, 1) + timedelta(days=i), 2)) for i in range(4500)]
    job = upload(client, rows)
    assert (job.status, job.total_rows, job.heartbeat_at) == (ImportJob.Status.QUEUED, 0, None)
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert "排队等待后台处理" in page
    with pytest.MonkeyPatch.context() as mp:
        from fulian.core.spreadsheets import services

        seen = []
        real = services._progress

        def spy(job, status):
            report = real(job, status)

            def wrapped(n):
                report(n)
                seen.append(ImportJob.objects.get(pk=job.pk).processed_rows)

            return wrapped

        mp.setattr(services, "_progress", spy)
        services.import_job_validate(job_id=job.pk)  # what the task worker runs
    job.refresh_from_db()
    assert seen == [2000, 4000, 4500]  # progress written after each chunk, visible to other requests
    assert (job.status, job.good_rows, job.total_rows) == (ImportJob.Status.VALIDATED, 4500, 4500)
    progress = client.get(reverse("spreadsheets:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    job = confirm(client, job)
    assert (job.status, job.heartbeat_at) == (ImportJob.Status.COMMITTING, None)  # queued for the worker
    services.import_job_commit(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 4500)
    assert Person.objects.count() == 4500


def test_a_row_with_several_mistakes_reports_all_of_them_in_the_first_preview(cast, login):
    """Every column of a row is checked in one pass — the cells, the form's checks, and the checks
    against the database — so that one upload lists every mistake (not two, then five more)."""
    registered = ric(date(1980, 5, 6), 2)
    Person.objects.bulk_create([person_build(name="李梅", id_number=registered, birth_date=date(1980, 5, 6),
                                             gender="F", village=cast.village_a1)])  # fmt: skip
    bad = row(
        name="",
        gender="未知",
        birth_date="1980-13-45",
        id_number=registered,
        mobile="123",
        village="火星村",
        education="博士后",
        categories="外星人",
        ethnicity="族" * 30,
        guardian=ric(date(1950, 1, 1), 6),
    )
    job = upload(login(cast.chair_a), [bad])
    assert job.status == ImportJob.Status.REJECTED  # no row can be written
    found = {e["column"]: e["message"] for e in job.errors}
    assert {e["row"] for e in job.errors} == {2}
    assert found == {
        "姓名": "必填项未填写，请填写该列",
        "性别": "性别应为“女”或“男”",
        "出生日期": "出生日期格式不正确，应为 1990-05-06",
        "居民身份证号": "该身份证号已登记：李梅（青龙村），不能重复导入",
        "手机号码": "手机号码应为11位，以13–19开头",
        "所属村(社区)": "找不到村(社区)「火星村」，请从下拉列表中选择",
        "文化程度": found["文化程度"],
        "人员类别": found["人员类别"],
        "民族": "民族不能超过20个字",
        "监护人身份证号": "找不到该监护人：须已登记，或在本表中位于该行之前",
    }
    assert found["文化程度"].startswith("「博士后」不是可选值")
    assert found["人员类别"].startswith("没有人员类别「外星人」")
    assert job.error_count == 10
