"""Activities through the shared Excel mechanism: template, bad rows reported by row and column, strict
mode writes nothing, good rows land with quantities and co-organisers; export reads back."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fulian.activities.models import Activity
from fulian.activities.spreadsheet import COLUMNS
from fulian.core.spreadsheets.models import ImportJob

from .factories import kind, make_activity

HEADERS = [c.header for c in COLUMNS]


def row(**values):
    defaults = {"type": "三八节", "title": "三八节游园", "start_date": "2026-03-08", "participants": 80}
    defaults.update(values)
    return [defaults.get(c.key, "") for c in COLUMNS]


def upload(client, rows, strict=False):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    out = BytesIO()
    wb.save(out)
    data = {"file": SimpleUploadedFile("活动.xlsx", out.getvalue())}
    if strict:
        data["strict"] = "on"
    response = client.post("/spreadsheets/activities/import/", data)
    assert response.status_code == 302, response.content.decode()[:1000]
    return ImportJob.objects.latest("id")


def confirm(client, job):
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_template_has_the_columns_and_type_dropdown(cast, login):
    response = login(cast.chair_a).get("/spreadsheets/activities/template/")
    assert response.status_code == 200
    ws = load_workbook(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    assert [str(c.value).rstrip("*") for c in ws[1]][: len(HEADERS)] == HEADERS


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        (row(type="广场舞"), "活动类型", "没有活动类型「广场舞」"),
        (row(type="招聘会"), "活动类型", "“招聘会”由就业创业 › 招聘会台账登记和统计"),
        (row(unit="东城社区"), "主办村(社区)", "不在您的管理范围内"),
        (row(quantities="倡议书4000张"), "数量", "单位是「份」"),
        (row(bodies="外星局"), "协办部门", "没有协办部门"),
        (row(end_date="2026-03-01"), "结束日期", "不能早于开始日期"),
    ],
)
def test_bad_rows_are_reported_and_strict_mode_writes_nothing(cast, login, bad, column, message):
    client = login(cast.chair_a)
    job = upload(client, [row(), bad], strict=True)
    assert (job.good_rows, job.bad_rows) == (1, 1)
    assert job.errors[0]["row"] == 3
    assert job.errors[0]["column"] == column
    assert message in job.errors[0]["message"]
    job = confirm(client, job)
    assert not Activity.objects.exists()


def test_good_rows_are_written_with_quantities_and_bodies(cast, login):
    client = login(cast.chair_a)
    job = upload(
        client,
        [
            row(
                unit="青龙村", quantities="倡议书4000份、咨询170人次", bodies="司法局、卫生局", money="1200.5"
            ),
            row(title="法律讲座", type="讲座"),
        ],
    )
    job = confirm(client, job)
    assert job.status == ImportJob.Status.DONE, job.errors
    a = Activity.objects.get(title="三八节游园")
    assert a.unit == cast.village_a1
    assert a.unit_path == cast.village_a1.path
    assert {q.kind.code: q.amount for q in a.quantities.all()} == {"proposal": 4000, "consultation": 170}
    assert sorted(b.name for b in a.co_bodies.all()) == ["卫生局", "司法局"]
    assert str(a.money_spent) == "1200.50"
    assert Activity.objects.get(title="法律讲座").unit == cast.town_a


def test_export_reads_back_and_is_scoped(cast, login):
    make_activity(cast.vchair_a1, cast.village_a1, quantities={kind("eco_bag"): 500})
    make_activity(cast.chair_b, cast.town_b, title="东城活动")
    response = login(cast.chair_a).get("/spreadsheets/activities/export/")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    text = str(values)
    assert "三八节游园活动" in text
    assert "环保袋500个" in text
    assert "东城活动" not in text
