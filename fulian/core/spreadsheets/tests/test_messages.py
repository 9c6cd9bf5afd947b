"""What an import says: a formula cell, a header below a title or nowhere, a file with no writable row, a
password-protected or legacy file at the upload, ranges that read as Chinese — and, for every registered
import, that rows of nonsense are reported row by row instead of failing the whole file."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fulian.core.spreadsheets.engine import CELL_CRASHED, ROW_CRASHED
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.parsers import parse_int
from fulian.core.spreadsheets.services import CRASHED
from fulian.core.spreadsheets.spec import _IMPORTS, CellError, ImportContext

from . import hostile
from .conftest import xlsx

pytestmark = pytest.mark.django_db
URL = "/spreadsheets/zones-test/import/"


def upload(client, file):
    response = client.post(URL, {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("id")


def as_upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_a_formula_without_a_value_has_its_own_message(cast, login, zone_specs):
    # openpyxl stores "=…" as a formula and no computed value, as some programs' exports do
    job = upload(login(cast.chair_a), xlsx([["竹峪镇", '=CONCAT("东","片")'], ["竹峪镇", "西片"]]))
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "片区名称")]
    assert job.errors[0]["message"].startswith("该单元格是公式，文件里没有保存公式的计算结果")
    assert "必填项" not in job.errors[0]["message"]
    assert (job.good_rows, job.bad_rows) == (1, 1)


def test_a_formula_with_its_computed_value_is_read_as_that_value(cast, login, zone_specs, tmp_path):
    job = upload(login(cast.chair_a), as_upload(hostile.formula_without_value(tmp_path)))
    assert job.status == ImportJob.Status.VALIDATED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "片区名称")]  # row 3 has its value 西片
    assert job.good_rows == 1


def test_the_header_is_found_below_a_title(cast, login, zone_specs, tmp_path):
    job = upload(login(cast.chair_a), as_upload(hostile.header_below_title(tmp_path)))
    assert (job.status, job.good_rows, job.errors) == (ImportJob.Status.VALIDATED, 1, [])
    assert job.preview[0]["row"] == 4


def test_without_a_header_the_message_says_where_it_must_be(cast, login, zone_specs, tmp_path):
    job = upload(login(cast.chair_a), as_upload(hostile.no_header(tmp_path)))
    assert job.status == ImportJob.Status.REJECTED
    assert job.message.startswith("没有找到表头：表头应在第一个非空行（现在是第 1 行：「张三」、「女」）")
    assert "「乡镇」「片区名称」「成立日期」" in job.message


def test_a_header_with_unknown_columns_names_its_row(cast, login, zone_specs):
    job = upload(login(cast.chair_a), xlsx([["竹峪镇", "东片"]], headers=["乡镇", "名字"]))
    assert "表格格式与模板不符（表头在第 1 行）" in job.message


def test_a_file_with_no_writable_row_says_so_and_offers_no_confirm(cast, login, zone_specs):
    client = login(cast.chair_a)
    job = upload(client, xlsx([["火星镇", "东片"], ["竹峪镇", ""]]))
    assert job.status == ImportJob.Status.REJECTED
    assert (
        job.message
        == "没有可以写入的行：全部 2 行都有错误，未写入任何数据。请按下面的错误改正表格后重新上传。"
    )
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert job.message in page
    assert "待确认" not in page
    assert 'data-testid="confirm"' not in page
    assert "第 3 行" in page  # the errors are still listed
    assert not job.file


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (hostile.password_protected, "文件已加密，请取消密码后再导入"),
        (hostile.legacy_xls, "“另存为” Excel 工作簿（.xlsx）后再上传"),
        (lambda d: hostile.zip_bomb(d, 1000), "疑似“压缩炸弹”"),
    ],
)
def test_files_refused_at_the_upload_store_nothing(cast, login, zone_specs, tmp_path, make, message):
    response = login(cast.chair_a).post(URL, {"file": as_upload(make(tmp_path))})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_integer_ranges_read_as_chinese():
    ctx = ImportContext(user=None, unit=None, capability="")
    for parser, value, message in [
        (parse_int(0, 100), 101, "101 超出范围，应在 0–100 之间，请改正"),
        (parse_int(minimum=0), -1, "-1 超出范围，应不小于 0，请改正"),
        (parse_int(maximum=9), 10, "10 超出范围，应不大于 9，请改正"),
        (parse_int(0, 9), "x", "「x」不是整数，请填写整数（如 12）"),
    ]:
        with pytest.raises(CellError) as exc:
            parser(value, ctx)
        assert str(exc.value) == message
        assert "None" not in str(exc.value)


NONSENSE = ["???", "-1", "1e400", "NaN", "=1/0", "2026-02-30", "  ", "x" * 3000, "0", "Infinity"]


@pytest.mark.parametrize("name", sorted(set(_IMPORTS) - {"zones-test"}))
def test_every_import_reports_nonsense_row_by_row(cast, login, name):
    """Each registered import, fed rows of nonsense in every column (and rows with one column filled),
    finishes its check and names a row for every mistake: no row crashes a check, no file fails with
    an unexpected error (the aid import once did, on an unknown programme)."""
    spec = _IMPORTS[name]
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in spec.columns])
    for value in NONSENSE:
        ws.append([value] * len(spec.columns))
    for i in range(len(spec.columns)):
        ws.append(["" if j != i else "未知的名称" for j in range(len(spec.columns))])
    out = BytesIO()
    wb.save(out)
    client = login(cast.admin)
    response = client.post(
        reverse("spreadsheets:import", args=[name]),
        {"file": SimpleUploadedFile("乱填.xlsx", out.getvalue()), "unit": cast.town_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    job = ImportJob.objects.latest("id")
    assert job.message != CRASHED
    assert job.status == ImportJob.Status.REJECTED, job.message
    assert job.bad_rows == job.processed_rows == len(NONSENSE) - 1 + len(spec.columns)  # "  " is blank
    messages = {e["message"] for e in job.errors}
    assert CELL_CRASHED not in messages
    assert ROW_CRASHED not in messages
    assert all(e["row"] >= 2 for e in job.errors)
