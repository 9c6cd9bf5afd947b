"""The field checks shared by the form, the API and the import, on their own (no database)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian.core import idcard
from fulian.people.validation import parse_date, person_validate_row

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-05-06", date(1990, 5, 6)),
        (" 1990-05-06 ", date(1990, 5, 6)),
        ("1990-5-6", date(1990, 5, 6)),
        ("1990/05/06", date(1990, 5, 6)),
        ("1990.5.6", date(1990, 5, 6)),
        ("1990年5月6日", date(1990, 5, 6)),
        ("19900506", date(1990, 5, 6)),
        (datetime(1990, 5, 6, 8, 30), date(1990, 5, 6)),
        (date(1990, 5, 6), date(1990, 5, 6)),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_the_forms_people_type(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["1990-02-30", "1990-13-01", "1990-05-0x", "90-05-06", "1990-W10-1", "明天"])
def test_impossible_or_foreign_dates_are_refused(text):
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_every_iso_date_reads_back(day):
    assert parse_date(day.isoformat()) == day


def _check(**fields):
    return person_validate_row(name="张丽", village=None, today=TODAY, **fields)


def test_the_id_number_fills_gender_and_birth_date_and_must_agree_with_them():
    number = idcard.make_id_number("511781", date(1985, 3, 2), 2)  # even sequence: a woman
    filled = _check(id_number=number)
    assert (filled.cleaned["gender"], filled.cleaned["birth_date"]) == ("F", date(1985, 3, 2))
    assert {"gender", "birth_date"}.isdisjoint(filled.errors)
    agreeing = _check(id_number=number, gender="女", birth_date="1985-03-02")
    assert {"gender", "birth_date"}.isdisjoint(agreeing.errors)
    both = _check(id_number=number, gender="男", birth_date="1985-03-03")
    assert both.errors["gender"] == "性别与身份证号不符"
    assert both.errors["birth_date"] == "出生日期与身份证号不符"
    bad = _check(id_number=number[:17] + ("1" if number[17] == "0" else "0"), gender="女")
    assert bad.errors["id_number"] == "居民身份证号校验码错误，请核对"
    assert bad.cleaned["id_number"] == ""
    assert bad.errors["birth_date"] == "出生日期不能为空（或填写身份证号）"
