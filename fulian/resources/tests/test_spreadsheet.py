"""Donations through the shared Excel mechanism: each good row through `donation_receive` (its receipt
number), each bad one reported on its column; the exports carry what the pages list."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.resources.models import Donation
from fulian.resources.spreadsheet import COLUMNS

from .factories import D, fund_with

pytestmark = pytest.mark.django_db
SHEET = SheetUpload("resources-donations", COLUMNS, "捐赠.xlsx")


def test_import_writes_good_rows_with_receipt_numbers_and_names_every_bad_cell(cast, login, clock):
    clock.set(D(2027, 6, 15))
    fund_with(cast, None)
    client = login(cast.staff_a)
    job = SHEET.upload(
        client,
        [
            ["春蕾助学金", "企业", "万源市某公司", "资金", "1,000", "2027-03-08", "助学"],
            ["没有的账户", "个人", "李先生", "资金", "200", "2027-03-09", ""],
            ["春蕾助学金", "个人", "王女士", "资金", "0", "2027-06-16", ""],
        ],
        strict=True,
    )
    assert (job.good_rows, job.bad_rows) == (1, 2)
    errors = error_set(job)
    assert (3, "账户", "没有账户「没有的账户」，请从下拉列表中选择（可选：春蕾助学金）") in errors
    assert (4, "金额/折价(元)", "金额必须大于0") in errors
    assert (4, "接收日期", "日期 2027-06-16 晚于今天，请核对") in errors
    SHEET.confirm(client, job)
    assert not Donation.objects.exists()  # strict: nothing written while a row is wrong
    job = SHEET.confirm(
        client,
        SHEET.upload(client, [["春蕾助学金", "企业", "万源市某公司", "资金", "1,000", "2027-03-08", "助学"]]),
    )
    donation = Donation.objects.get()
    assert (donation.amount, donation.receipt_number, donation.donor_kind) == (
        Decimal("1000.00"),
        "2027-0001",
        "company",
    )


def test_the_donations_export_lists_the_rows_the_reader_sees(cast, login):
    fund_with(cast, "1000")
    fund_with(cast, "500", unit=cast.town_b, name="爱心基金")
    response = login(cast.assessor_a).get("/spreadsheets/resources-donations/export/")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    funds = [r[1] for r in rows[1:] if r[0]]
    assert funds == ["春蕾助学金"]
