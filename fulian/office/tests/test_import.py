"""The Excel import of the documents register (spec `office_documents`): sent documents keep their numbers,
duplicates (in the register or in the file) are refused, every problem of a row is named with its row and
column, nothing of a bad row is saved, the template downloads, and numbering continues after the import."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.office import services
from fulian.office.models import Direction, Document, NumberCounter
from fulian.office.spreadsheet import COLUMNS, parse_number

pytestmark = pytest.mark.django_db
IMPORT = SheetUpload("office_documents", COLUMNS, "收发文.xlsx")
NOW = datetime.datetime(2027, 6, 15, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def series(cast, clock):
    clock.set(NOW)
    return services.series_create(user=cast.chair_a, unit=cast.town_a, prefix="竹妇发")


def test_numbers_are_read_in_any_bracket():
    assert parse_number("竹妇发〔2027〕24号") == ("竹妇发", 2027, 24)
    assert parse_number("竹妇发[2027]3号") == ("竹妇发", 2027, 3)
    assert parse_number("竹妇发（2027）第5号") == ("竹妇发", 2027, 5)
    assert parse_number("竹妇发2027年5号") is None


def test_template_and_the_four_access_checks(cast, login, series):
    assert IMPORT.template_headers(login(cast.chair_a)) == [c.header for c in COLUMNS]
    IMPORT.assert_four_ways(
        login, allowed=[cast.chair_a, cast.county_user], other_unit=cast.town_b, forbidden=[cast.vchair_a1]
    )


def test_import_keeps_the_numbers_and_numbering_continues_after_them(cast, login, series):
    client = login(cast.chair_a)
    rows = [
        ["发文", "竹妇发〔2027〕7号", "关于开展三八节活动的通知", "2027-03-01", "", "各村妇联", ""],
        ["发文", "竹妇发[2027]3号", "关于评选最美家庭的通知", "2027-02-10", "", "", "旧登记簿"],
        ["发文", "竹妇发〔2026〕40号", "关于年终总结的通知", "2026-12-20", "", "", ""],
        ["收文", "万妇发〔2027〕3号", "关于做好妇女工作的意见", "2027-01-05", "万源市妇联", "", ""],
    ]
    job = IMPORT.confirm(client, IMPORT.upload(client, rows, unit=cast.town_a))
    assert job.status == ImportJob.Status.DONE, (job.message, job.errors)
    sent = Document.objects.filter(direction=Direction.SENT).order_by("year", "seq")
    assert [d.number for d in sent] == ["竹妇发〔2026〕40号", "竹妇发〔2027〕3号", "竹妇发〔2027〕7号"]
    assert all(d.unit == cast.town_a for d in sent)
    received = Document.objects.get(direction=Direction.RECEIVED)
    assert (received.unit, received.source, received.number) == (
        cast.town_a,
        "万源市妇联",
        "万妇发〔2027〕3号",
    )
    assert NumberCounter.objects.get(series=series, year=2027).last == 7
    following = services.document_send(
        user=cast.chair_a, series=series, title="新通知", dated_on=datetime.date(2027, 6, 1)
    )
    assert following.number == "竹妇发〔2027〕8号"


def test_a_number_below_the_counter_is_kept_and_the_counter_stays(cast, series):
    for day in (1, 2, 3):
        services.document_send(
            user=cast.chair_a, series=series, title="通知", dated_on=datetime.date(2027, 5, day)
        )
    # number 2 is taken: refused; a lower free number cannot exist (numbering is gapless), a higher one can
    with pytest.raises(ValidationError, match="竹妇发〔2027〕2号」已被使用"):
        services.document_register_numbered(
            user=cast.chair_a, series=series, seq=2, title="旧", dated_on=datetime.date(2027, 1, 1)
        )
    services.document_register_numbered(
        user=cast.chair_a, series=series, seq=4, title="旧", dated_on=datetime.date(2027, 1, 1)
    )
    assert NumberCounter.objects.get(series=series, year=2027).last == 4


def test_every_problem_of_each_row_is_named_and_nothing_is_saved(cast, login, series):
    services.document_register_numbered(
        user=cast.chair_a, series=series, seq=9, title="已有", dated_on=datetime.date(2027, 1, 1)
    )
    client = login(cast.chair_a)
    rows = [
        ["发文", "某某发〔2027〕1号", "", "2027-07-01", "", "", ""],
        ["发文", "竹妇发〔2026〕5号", "年度不符", "2027-03-01", "", "", ""],
        ["收文", "", "没有来文单位", "2027-03-01", "", "", ""],
        ["发文", "竹妇发〔2027〕11号", "同号一", "2027-03-01", "", "", ""],
        ["发文", "竹妇发〔2027〕11号", "同号二", "2027-03-02", "", "", ""],
        ["发文", "竹妇发〔2027〕9号", "已在登记簿", "2027-03-03", "", "", ""],
        ["发文", "", "没有文号", "2027-03-03", "", "", ""],
        ["传真", "竹妇发2027-1", "类别错", "2027-03-03", "", "", ""],
    ]
    job = IMPORT.upload(client, rows, unit=cast.town_a)
    errors = error_set(job)
    by_row: dict[int, set[str]] = {}
    for row, column, _message in errors:
        by_row.setdefault(row, set()).add(column)
    assert by_row[2] == {"文号", "标题", "成文日期"}, errors  # all three at once
    assert by_row[3] == {"成文日期"}
    assert by_row[4] == {"来文单位"}
    assert 5 not in by_row
    assert by_row[6] == {"文号"}  # the second 11号 of the file
    assert by_row[7] == {"文号"}  # 9号 is in the register
    assert by_row[8] == {"文号"}
    assert "收发" in by_row[9]
    messages = {m for _r, _c, m in errors}
    assert "没有发文字号「某某发」：请先在“发文字号”中为本单位或下级单位添加" in messages
    assert "文号的年度2026与成文日期的年度2027不一致" in messages
    assert "文号「竹妇发〔2027〕9号」已在登记簿中，不能重复登记" in messages
    assert Document.objects.count() == 1  # only the one made above: the preview writes nothing


def test_strict_import_with_a_bad_row_saves_nothing(cast, login, series):
    client = login(cast.chair_a)
    rows = [
        ["发文", "竹妇发〔2027〕1号", "好的一行", "2027-03-01", "", "", ""],
        ["发文", "竹妇发〔2027〕1号", "重复", "2027-03-01", "", "", ""],
    ]
    job = IMPORT.confirm(client, IMPORT.upload(client, rows, unit=cast.town_a, strict=True))
    assert job.status == ImportJob.Status.REJECTED
    assert (3, "文号") in {(r, c) for r, c, _m in error_set(job)}
    assert not Document.objects.exists()
    assert not NumberCounter.objects.exists()
