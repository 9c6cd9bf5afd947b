"""The loan export: one loan a row, scoped, logged; four access checks."""

from io import BytesIO

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fulian.core.models import AccessLog
from fulian.employment.spreadsheet import LOAN_COLUMNS, LoanExportSpec

URL = reverse("spreadsheets:export", args=["employment_loans"])


def _rows(client):
    response = client.get(URL)
    assert response.status_code == 200
    return [
        [c.value for c in r]
        for r in load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows()
    ]


def test_export_lists_the_loans_in_scope_and_is_logged(cast, empl, login):
    rows = _rows(login(cast.chair_a))
    header, *loans = rows
    assert header[:4] == ["姓名", "村(社区)", "经营实体", "贷款金额（元）"]
    assert [(r[0], r[2], float(r[3]), r[4], r[7]) for r in loans if r[0]] == [
        (empl.other_a.name, "青龙电商服务部", 50000.0, "万源农商银行", "否")
    ]
    assert not [r for r in _rows(login(cast.chair_b))[1:] if r[0]]  # another town sees none
    assert (
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT, target_type="employment_loans").count() == 2
    )


def test_export_four_ways(cast, empl, login):
    assert login(cast.chair_a).get(URL).status_code == 200
    assert login(cast.nobody).get(URL).status_code == 403
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_the_export_headers_match_the_import_where_the_field_is_the_same():
    imported = {c.header.rstrip("*") for c in LOAN_COLUMNS}
    exported = {c.header for c in LoanExportSpec.columns}
    assert {"贷款金额（元）", "放款银行", "放款日期", "已还清", "还清日期"} <= imported & exported
