from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fulian.core import idcard

PROVINCES = sorted(idcard.PROVINCE_CODES)
areas = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(PROVINCES),
    st.from_regex(r"\A[0-9]{4}\Z"),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
sequences = st.integers(min_value=0, max_value=999)
CHARS = "0123456789X"


@settings(deadline=None, max_examples=300)
@given(areas, births, sequences)
def test_valid_numbers_from_random_dates_and_areas_pass(area, born, seq):
    number = idcard.make_id_number(area, born, seq)
    assert idcard.id_problem(number) == ""
    assert idcard.birth_date_of(number) == born
    assert idcard.gender_of(number) == ("M" if seq % 2 else "F")


@settings(deadline=None, max_examples=500)
@given(areas, births, sequences, st.integers(min_value=0, max_value=17), st.sampled_from(CHARS))
def test_any_single_changed_character_fails(area, born, seq, position, char):
    number = idcard.make_id_number(area, born, seq)
    if number[position] == char:
        char = CHARS[(CHARS.index(char) + 1) % len(CHARS)]
    changed = number[:position] + char + number[position + 1 :]
    assert idcard.id_problem(changed) != ""


def test_obsolete_area_code_is_accepted():
    # 512501 was 万县地区 (Sichuan) before Chongqing was split off in 1997; stdnum's table rejects it.
    number = idcard.make_id_number("512501", date(1968, 3, 2), 42)
    assert idcard.is_valid(number)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("51170219900506123", "应为18位"),
        ("5117021990050612A6", "格式不正确"),
        ("991702199005061235", "地区码"),
        ("511702199002301230", "出生日期不存在"),
        ("511702189002011234", "不合理"),
    ],
)
def test_bad_numbers_get_a_chinese_reason(value, message):
    assert message in idcard.id_problem(value)


def test_future_birth_date_is_refused():
    number = idcard.make_id_number("511702", date(2030, 1, 1), 1)
    assert "不合理" in idcard.id_problem(number, today=date(2026, 1, 1))


def test_wrong_check_character_message():
    number = idcard.make_id_number("511702", date(1990, 5, 6), 123)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert idcard.id_problem(wrong) == "居民身份证号校验码错误，请核对"


def test_normalize_full_width_and_lower_x():
    number = idcard.make_id_number("511702", date(1990, 5, 6), 124)
    full = number.translate(str.maketrans("0123456789", "０１２３４５６７８９")).lower()
    assert idcard.validate_id_number(f" {full} ") == number


def test_validator_raises_validation_error():
    with pytest.raises(ValidationError, match="居民身份证号应为18位"):
        idcard.validate_id_number("123")


def test_inspect_gives_the_problem_or_the_birth_date():
    number = idcard.make_id_number("511702", date(1990, 5, 6), 124)
    assert idcard.inspect(number) == ("", date(1990, 5, 6))
    assert idcard.inspect(f" {number.lower()} ") == ("", date(1990, 5, 6))  # normalised first
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert idcard.inspect(wrong) == ("居民身份证号校验码错误，请核对", None)
    assert idcard.inspect(number, today=date(1990, 5, 5)) == ("居民身份证号中的出生日期不合理", None)
    assert idcard.id_problem(wrong) == idcard.inspect(wrong)[0]


def test_mask_shows_area_start_and_last_four():
    assert idcard.mask("511702199005061236") == "5117**********1236"
