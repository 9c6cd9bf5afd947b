"""Browser: upload a sheet with bad rows from the people list, read the preview, confirm the good rows."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from fulian.core import idcard
from fulian.people.models import Person
from fulian.people.spreadsheet import COLUMNS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for values in rows:
        ws.append([values.get(c.key, "") for c in COLUMNS])
    wb.save(path)


def test_upload_with_bad_rows_shows_the_preview(cast, browser, browser_login, phone_context_args, tmp_path):
    good = idcard.make_id_number("511781", date(1980, 5, 6), 2)
    sheet = tmp_path / "服务对象.xlsx"
    write_sheet(
        sheet,
        [
            {"name": "张丽", "id_number": good, "village": "青龙村"},
            {"name": "李芳", "id_number": good[:17] + ("0" if good[17] != "0" else "1"), "village": "青龙村",
             "gender": "女", "birth_date": "1981-01-01"},
            {"name": "王梅", "id_number": idcard.make_id_number("511781", date(1982, 2, 2), 4),
             "village": "东城社区"},
        ],
    )  # fmt: skip
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    base = browser_login(page, cast.chair_a)
    page.goto(f"{base}/people/")
    page.get_by_test_id("import-link").click()
    page.wait_for_load_state()
    page.set_input_files("#id_file", str(sheet))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_load_state()

    assert page.get_by_test_id("good-rows").inner_text() == "1"
    assert page.get_by_test_id("bad-rows").inner_text() == "2"
    errors = page.get_by_test_id("error-table").inner_text()
    assert "第 3 行" in errors
    assert "校验码错误" in errors
    assert "第 4 行" in errors
    assert "「东城社区」不在您的管理范围内" in errors
    preview = page.get_by_test_id("preview-table").inner_text()
    assert "张丽" in preview
    assert good not in page.content()  # the preview shows the ID number masked
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    assert "已写入 1 行" in page.get_by_test_id("job-message").inner_text()
    assert list(Person.objects.values_list("name", flat=True)) == ["张丽"]
    page.goto(f"{base}/spreadsheets/imports/")
    assert "已完成" in page.get_by_test_id("job-list").inner_text()
    context.close()
