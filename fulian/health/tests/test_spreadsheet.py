"""Excel in and out via the shared mechanism: counts imported with row errors, results masked on export."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fulian.core.models import AccessLog
from fulian.core.spreadsheets.models import ImportJob
from fulian.health.models import ScreeningCount
from fulian.health.spreadsheet import COLUMNS

pytestmark = pytest.mark.django_db


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for r in rows:
        ws.append(r)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("人数.xlsx", out.getvalue())


def test_import_counts_reports_bad_rows_and_writes_good_ones(cast, health, login):
    client = login(cast.chair_a)
    day = health.today.isoformat()
    rows = [
        [health.campaign.name, "青龙村", day, 120, 8, 1, 0, ""],
        [health.campaign.name, "红旗村", day, 10, 0, 12, 0, ""],  # positive > screened
        [health.campaign.name, "东城社区", day, 10, 0, 0, 0, ""],  # outside town A
        ["不存在的活动", "红旗村", day, 10, 0, 0, 0, ""],
    ]
    response = client.post(reverse("spreadsheets:import", args=["health_counts"]), {"file": _sheet(rows)})
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    messages = str(job.errors)
    assert "阳性人数不能大于筛查人数" in messages
    assert "东城社区" in messages
    assert "没有可填报的筛查活动「不存在的活动」" in messages
    assert not ScreeningCount.objects.exists()
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    count = ScreeningCount.objects.get()
    assert (count.village, count.screened, count.positive) == (cast.village_a1, 120, 1)


def _export(client):
    response = client.get(reverse("spreadsheets:export", args=["health_screenings"]))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_export_masks_results_unless_the_role_sees_them(cast, health, login):
    rows = _export(login(cast.vchair_a1))
    names = [r[1] for r in rows]
    assert "李秀英" in names
    assert "何春梅" not in names
    assert all(r[5] == "***" for r in rows[1:] if r[1])
    rows = _export(login(cast.county_user))
    assert "阳性（确诊）" in [r[5] for r in rows]
    logs = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, target_type="health_screenings")
    assert logs.get(user=cast.vchair_a1).detail.endswith("个人信息已脱敏")
    # the county's disclosure is recorded at each village whose results it exported in full
    assert {log.unit for log in logs.filter(user=cast.county_user)} == {cast.village_a1, cast.village_b1}


def test_care_and_employment_exports_are_scoped(cast, login):
    from fulian.care.tests.conftest import care as _  # noqa: F401  (fixture module import keeps ruff quiet)

    client = login(cast.chair_b)
    for name in ("care_pairings", "care_visits", "employment_trainees", "employment_entrepreneurs"):
        assert client.get(reverse("spreadsheets:export", args=[name])).status_code == 200
    assert (
        login(cast.caseworker_a).get(reverse("spreadsheets:export", args=["care_pairings"])).status_code
        == 403
    )
