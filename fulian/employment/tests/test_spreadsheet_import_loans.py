"""Small loans imported through the shared spreadsheet mechanism, under the service's checks and not
recorded twice."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.employment.models import Entrepreneur, Loan
from fulian.employment.spreadsheet import LOAN_COLUMNS

pytestmark = pytest.mark.django_db


IMPORT = SheetUpload("employment_loans", LOAN_COLUMNS, "创业贷款.xlsx")
URL = IMPORT.url
_sheet, _upload, _confirm = IMPORT.sheet, IMPORT.upload, IMPORT.confirm
_errors = error_set


def _born(person):
    return person.birth_date.isoformat()


@pytest.fixture
def sheet(cast, empl):
    """A second entrepreneur (found by ID number) and two good rows: a repaid loan for her, a new loan
    for the fixture's entrepreneur (found by name and birth date)."""
    born = years_ago(33)
    woman = make_person(cast.village_a1, "黄小琴", born)
    woman.id_number = make_id_number("511781", born, 21)
    woman.save()
    ent = Entrepreneur.objects.create(
        person=woman, village=cast.village_a1, kind="returnee", business_name="小琴网店", started_on=empl.day
    )
    o = empl.other_a
    good = [
        [woman.id_number, "黄小琴", "", "30,000.5", "邮储银行", "2022-04-01", 36, "是", "2024-03-31"],
        ["", o.name, _born(o), 80000, "万源农商银行", empl.day.isoformat(), "", "", ""],
    ]  # fmt: skip
    return ent, good


def test_good_sheet_imports_through_the_service(cast, empl, login, sheet):
    ent, good = sheet
    client = login(cast.chair_a)
    job = _upload(client, good)
    assert (job.good_rows, job.bad_rows) == (2, 0), job.errors
    assert ent.person.id_number not in str(job.preview)
    assert not ent.loans.exists()
    job = _confirm(client, job)
    assert job.status == ImportJob.Status.DONE, job.message
    loan = ent.loans.get()
    assert (loan.amount, loan.bank, loan.granted_on, loan.term_months, loan.repaid, loan.repaid_on) == (
        Decimal("30000.50"), "邮储银行", datetime.date(2022, 4, 1), 36, True, datetime.date(2024, 3, 31)
    )  # fmt: skip
    assert (loan.village, loan.village_path) == (cast.village_a1, cast.village_a1.path)  # by the service
    assert LogEntry.objects.get_for_object(loan).filter(action=LogEntry.Action.CREATE).exists()
    new = empl.ent.loans.exclude(pk=empl.loan.pk).get()
    assert (new.amount, new.term_months, new.repaid, new.repaid_on) == (Decimal("80000.00"), 24, False, None)


def _bad_rows(cast, empl, sheet):
    ent, _ = sheet
    o, w = empl.other_a, ent.person
    a = empl.woman_a  # a registry woman who is not an entrepreneur
    born = years_ago(35)
    outsider = make_person(cast.village_b1, "赵春燕", born)
    outsider.id_number = make_id_number("511781", born, 45)
    outsider.save()
    # She lives in town A now, but registered her business in town B: her loans are town B's.
    moved = make_person(cast.village_a1, "郑秀梅", years_ago(40))
    Entrepreneur.objects.create(
        person=moved, village=cast.village_b1, kind="other", business_name="秀梅小吃", started_on=empl.day
    )
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    day, bank = "2021-06-01", "万源农商银行"
    ow, ww, mw = ["", o.name, _born(o)], ["", w.name, _born(w)], ["", moved.name, _born(moved)]
    recorded = empl.day.isoformat()
    return [
        (["", a.name, _born(a), 20000, bank, day], "姓名", f"{a.name}：尚未登记为创业女性"),
        ([outsider.id_number, "", "", 20000, bank, day], "身份证号", "该人员不在您的管辖范围内"),
        ([*mw, 20000, bank, day], "姓名", f"{moved.name}：登记的创业地不在您的管辖范围内"),
        ([*ow, "50000", bank, recorded], "姓名", f"{o.name}：{recorded} 放款的 50000.00 元贷款已登记"),
        ([*ww, 20000, bank, tomorrow], "放款日期", "晚于今天"),
        ([*ww, -100, bank, day], "贷款金额（元）", "贷款金额必须大于 0"),
        ([*ww, 0, bank, day], "贷款金额（元）", "贷款金额必须大于 0"),
        ([*ww, "两万", bank, day], "贷款金额（元）", "「两万」不是有效金额"),
        ([*ww, "100.005", bank, day], "贷款金额（元）", "金额最多保留两位小数"),
        ([*ww, "", bank, day], "贷款金额（元）", "必填项未填写"),
        ([*ww, 20000, "", day], "放款银行", "必填项未填写"),
        ([*ww, 20000, bank, ""], "放款日期", "必填项未填写"),
        (["", "", "", 20000, bank, day], "身份证号", "请填写身份证号，或同时填写姓名和出生日期"),
        ([*ww, 20000, bank, day, 0], "期限（月）", "应在 1–360 之间"),
        ([*ww, 20000, bank, day, "", "已还"], "已还清", "应填“是”或“否”"),
        ([*ww, 20000, bank, day, "", "是"], "还清日期", "已还清的贷款请填写还清日期"),
        ([*ww, 20000, bank, day, "", "否", "2022-01-01"], "还清日期", "请在“已还清”填“是”"),
        ([*ww, 20000, bank, day, "", "是", "2021-01-01"], "还清日期", "还清日期不能早于放款日期"),
        ([*ww, 20000, bank, day, "", "是", tomorrow], "还清日期", "晚于今天"),
    ]  # fmt: skip


def test_each_bad_row_is_reported_and_strict_mode_writes_nothing(cast, empl, login, sheet):
    _, good = sheet
    bad = _bad_rows(cast, empl, sheet)
    client = login(cast.chair_a)
    before = Loan.objects.count()
    job = _upload(client, good + [r for r, _, _ in bad], strict=True)
    assert (job.good_rows, job.bad_rows) == (2, len(bad)), job.errors
    errors = _errors(job)
    for number, (_, column, message) in enumerate(bad, start=4):
        found = [(col, msg) for n, col, msg in errors if n == number]
        assert any(col == column and message in msg for col, msg in found), (number, message, found)
    job = _confirm(client, job)
    assert job.status == ImportJob.Status.REJECTED
    assert Loan.objects.count() == before


def test_a_loan_repeated_in_the_sheet_is_refused(cast, empl, login, sheet):
    _, good = sheet
    client = login(cast.chair_a)
    again = list(good[0])
    again[3] = "30000.50"  # the same amount written differently
    other_day = [*good[0][:5], "2022-04-02"]
    job = _upload(client, [*good, again, other_day])
    assert _errors(job) == {(4, "姓名", "与第 2 行重复（同一人、同一放款日期、同一金额）")}


def test_uploading_the_same_sheet_twice_records_each_loan_once(cast, empl, login, sheet):
    _, good = sheet
    client = login(cast.chair_a)
    before = Loan.objects.count()
    assert _confirm(client, _upload(client, good)).status == ImportJob.Status.DONE
    job = _confirm(client, _upload(client, good))
    assert (job.good_rows, job.bad_rows) == (0, 2)
    assert {(row, column) for row, column, _ in _errors(job)} == {(2, "姓名"), (3, "姓名")}
    assert Loan.objects.count() == before + 2


def test_normal_mode_writes_good_rows_only(cast, empl, login, sheet):
    _, good = sheet
    client = login(cast.chair_a)
    before = Loan.objects.count()
    bad = [r for r, _, _ in _bad_rows(cast, empl, sheet)]
    job = _confirm(client, _upload(client, [*good, *bad]))
    assert job.status == ImportJob.Status.DONE
    assert Loan.objects.count() == before + 2


def test_a_village_chair_cannot_import_a_neighbouring_village(cast, empl, login):
    born = years_ago(31)
    neighbour = make_person(cast.village_a2, "郑秀兰", born)
    neighbour.id_number = make_id_number("511781", born, 52)
    neighbour.save()
    Entrepreneur.objects.create(
        person=neighbour, village=cast.village_a2, kind="other", business_name="秀兰小吃", started_on=empl.day
    )
    rows = [
        [neighbour.id_number, "", "", 10000, "邮储银行", "2021-01-01"],
        ["", neighbour.name, born.isoformat(), 10000, "邮储银行", "2021-01-01"],
    ]
    job = _upload(login(cast.vchair_a1), rows)
    assert _errors(job) == {
        (2, "身份证号", "该人员不在您的管辖范围内"),
        (3, "姓名", f"在您的管辖范围内找不到郑秀兰（出生日期 {born:%Y-%m-%d}）"),
    }


def test_access_to_the_import_page_and_template(cast, empl, login):
    IMPORT.assert_four_ways(
        login, allowed=[cast.chair_a], other_unit=cast.town_b, forbidden=[cast.assessor_a, cast.volunteer_a1]
    )


def test_an_outsider_cannot_upload_into_another_town(cast, empl, login, sheet):
    _, good = sheet
    response = login(cast.chair_b).post(URL, {"unit": cast.town_a.pk, "file": _sheet(good)})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_the_entrepreneurs_tab_links_to_the_import(cast, empl, login):
    page = reverse("employment:index") + "?tab=entrepreneurs"
    assert URL in login(cast.chair_a).get(page).content.decode()
    assert URL not in login(cast.assessor_a).get(page).content.decode()


def test_the_template_downloads_with_the_columns(cast, login):
    header = IMPORT.template_headers(login(cast.chair_a))
    assert header[: len(LOAN_COLUMNS)] == [c.header for c in LOAN_COLUMNS]
