"""Aid through the shared Excel mechanism: applications imported by ID number with the same checks as
the form; exports masked unless the role may unmask."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fulian.aid import services
from fulian.aid.models import Application
from fulian.aid.spreadsheet import COLUMNS
from fulian.core.spreadsheets.models import ImportJob

from .factories import make_person, make_programme, noticed

HEADERS = [c.header for c in COLUMNS]
ID1, ID2 = "511781198005011221", "511781197511301227"


@pytest.fixture
def setup(cast):
    programme = make_programme(cast.county_user, cast.county)
    make_person(cast.village_a1, "张晓丽", id_number=ID1)
    make_person(cast.village_b1, "钱芳", id_number=ID2)
    return programme


def upload(client, rows, strict=False):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    out = BytesIO()
    wb.save(out)
    data = {"file": SimpleUploadedFile("申请.xlsx", out.getvalue())}
    if strict:
        data["strict"] = "on"
    assert client.post("/spreadsheets/aid-applications/import/", data).status_code == 302
    return ImportJob.objects.latest("id")


def test_import_checks_rows_like_the_form(cast, login, setup):
    client = login(cast.chair_a)
    p = str(setup)
    job = upload(
        client,
        [
            [p, "张晓丽", ID1, "800", "家庭困难"],
            [p, "张晓丽", ID1, "900", ""],  # the same person twice in the file
            [p, "钱芳", ID2, "500", ""],  # outside town A
            [p, "王五", "511781199001011237", "5000", ""],  # amount out of range
        ],
        strict=True,
    )
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert (job.good_rows, job.bad_rows) == (1, 3)
    assert "重复" in messages[(3, "居民身份证号")]
    assert "没有该身份证号" in messages[(4, "居民身份证号")]
    assert "超出本项目每人300.00–1,000.00元的范围" in messages[(5, "申请金额(元)")]
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    assert not Application.objects.exists()
    job = upload(client, [[p, "张晓丽", ID1, "800", "家庭困难"]])
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    app = Application.objects.get()
    assert app.person.name == "张晓丽"
    assert str(app.amount) == "800.00"


def _sheet(response):
    return str(
        [
            [c.value for c in r]
            for r in load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows()
        ]
    )


def test_exports_mask_unless_the_role_may_unmask(cast, login, setup):
    app = services.application_submit(
        user=cast.vchair_a1,
        programme=setup,
        person=make_person(cast.village_a1, "李秀英", id_number="511781197511301243"),
        amount=500,
    )
    services.disbursement_create(user=cast.chair_a, application=noticed(cast, app), amount=500)
    masked = _sheet(login(cast.county_user).get("/spreadsheets/aid-disbursements/export/"))
    assert "李*英" in masked
    assert "李秀英" not in masked
    assert "197511301240" not in masked
    full = _sheet(login(cast.chair_a).get("/spreadsheets/aid-disbursements/export/"))
    assert "李秀英" in full
    assert "511781197511301243" in full
    assert "李秀英" not in _sheet(login(cast.chair_b).get("/spreadsheets/aid-applications/export/"))


def test_an_unknown_programme_is_reported_on_its_row_with_the_rows_other_mistakes(cast, login, setup):
    """Not "意外错误" for the whole file: the unknown programme is named on its row, with the row's other
    mistakes, and the other rows are checked as usual."""
    client = login(cast.chair_a)
    job = upload(
        client,
        [
            ["不存在的项目", "王五", ID1, "很多", ""],  # unknown programme, wrong name, not an amount
            [str(setup), "张晓丽", ID1, "800", "家庭困难"],
        ],
    )
    assert job.status == ImportJob.Status.VALIDATED
    assert (job.good_rows, job.bad_rows) == (1, 1)
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert set(found) == {(2, "救助项目"), (2, "姓名"), (2, "申请金额(元)")}
    assert found[(2, "救助项目")].startswith("没有可申请的救助项目「不存在的项目」，请从下拉列表中选择")
    assert found[(2, "姓名")].startswith("与台账中的姓名不一致")
    assert found[(2, "申请金额(元)")] == "「很多」不是有效金额，请填写数字，如 500"
