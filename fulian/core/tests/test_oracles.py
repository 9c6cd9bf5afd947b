"""Independent oracles for the rules every figure and every record rests on: the ID number's check
character (published GB 11643 examples, a MOD 11-2 written here from the standard, and python-stdnum),
money and counts as the summaries write them (a hand-worked table, halves included), and the masks."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from stdnum.cn import ric

from fulian.core import formatting, idcard, masking

# --- 居民身份证号 ------------------------------------------------------------------------------------------


def mod11_2(first17: str) -> str:
    """GB 11643-1999 §8.2 (ISO 7064 MOD 11-2), from the standard's text: weight of position i (1 = left,
    counting the check character as position 1 from the right) is 2^(i-1) mod 11; the check value a1 makes
    Σ aᵢ·Wᵢ ≡ 1 (mod 11); a value of 10 is written X."""
    total = sum(int(d) * (2 ** (18 - pos) % 11) for pos, d in enumerate(first17, start=1))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


# Weights as the standard prints them (table 1): a second, literal statement of the same rule.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # sum mod 11 → check character

# Published numbers: the two examples GB 11643-1999 itself prints.
PUBLISHED = {
    "11010519491231002X": (date(1949, 12, 31), "F"),  # 北京市朝阳区, GB 11643-1999 example
    "440524188001010014": (date(1880, 1, 1), "M"),  # 广东省汕头市潮阳县, GB 11643-1999 example
}


def test_the_two_statements_of_the_standard_agree():
    rng = random.Random(11643)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        by_table = CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]
        assert mod11_2(first17) == by_table


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_the_standards_examples(number):
    assert mod11_2(number[:17]) == number[17]
    assert idcard.check_character(number[:17]) == number[17]
    assert ric.calc_check_digit(number) == number[17]
    born, gender = PUBLISHED[number]
    assert idcard.birth_date_of(number) == born
    assert idcard.gender_of(number) == gender


def test_the_1949_example_is_valid_and_the_1880_one_is_refused_only_for_its_date():
    assert idcard.id_problem("11010519491231002X") == ""
    assert idcard.id_problem("11010519491231002x") == ""  # lower-case x normalised
    # 1880 is before the earliest birth date the platform accepts (1900-01-01); its check digit is right.
    assert idcard.id_problem("440524188001010014") == "居民身份证号中的出生日期不合理"


def test_every_check_character_against_two_independent_checks():
    """Random prefixes with each of the eleven possible check values, against our MOD 11-2 and stdnum."""
    rng = random.Random(2027)
    seen = set()
    for _ in range(3000):
        province = rng.choice(sorted(idcard.PROVINCE_CODES))
        first17 = province + "".join(rng.choice("0123456789") for _ in range(15))
        expected = mod11_2(first17)
        seen.add(expected)
        assert idcard.check_character(first17) == expected
        assert ric.calc_check_digit(first17 + "0") == expected
        assert idcard.make_id_number(first17[:6], date(1990, 1, 1), 7)[-1] == mod11_2(
            first17[:6] + "19900101007"
        )
    assert seen == set("0123456789X")


def test_each_weight_matters():
    """Changing one digit by one changes the check character by that position's weight (mod 11): a swap
    of two weights in the code under test would show at one of these positions."""
    base = "51178119900101123"
    for pos in range(17):
        bumped = base[:pos] + str((int(base[pos]) + 1) % 10) + base[pos + 1 :]
        assert idcard.check_character(bumped) == mod11_2(bumped), pos
        assert idcard.check_character(bumped) != idcard.check_character(base), pos


def test_a_transposition_of_two_digits_is_refused():
    number = "11010519491231002X"
    swapped = number[:9] + number[10] + number[9] + number[11:]  # 1 9 4 9 1 2 → 1 9 4 1 9 2
    assert swapped != number
    assert idcard.id_problem(swapped) != ""


@pytest.mark.parametrize(
    ("born", "today", "problem"),
    [
        (date(1900, 1, 1), date(2027, 6, 15), ""),  # the earliest accepted day
        (date(1899, 12, 31), date(2027, 6, 15), "居民身份证号中的出生日期不合理"),
        (date(2027, 6, 15), date(2027, 6, 15), ""),  # born today
        (date(2027, 6, 16), date(2027, 6, 15), "居民身份证号中的出生日期不合理"),  # tomorrow
    ],
)
def test_birth_date_bounds(born, today, problem):
    first17 = f"110105{born:%Y%m%d}002"
    assert idcard.id_problem(first17 + mod11_2(first17), today=today) == problem


def test_the_province_code_bounds():
    for prefix, ok in (("11", True), ("10", False), ("65", True), ("66", False), ("71", True), ("83", True)):
        first17 = f"{prefix}010519491231002"
        assert (idcard.id_problem(first17 + mod11_2(first17)) == "") is ok, prefix


def test_mask_of_a_published_number():
    assert idcard.mask("11010519491231002X") == "1101**********002X"
    assert idcard.mask("1101051949") == ""


# --- money and counts as the summaries write them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        # below 1万: whole 元, half up
        ("0", "0元"),
        ("0.49", "0元"),
        ("0.5", "1元"),  # half: up (half-even would give 0)
        ("2.5", "3元"),  # half: up (half-even would give 2)
        ("300", "300元"),
        ("999.49", "999元"),
        ("999.50", "1000元"),
        ("3500", "3500元"),
        ("9999.49", "9999元"),
        # from 1万 on: 万元 with one decimal, half up, trailing zero dropped
        ("10000", "1万元"),
        ("10499.99", "1万元"),
        ("10500", "1.1万元"),  # 1.05: half up (half-even gives 1.0)
        ("12500", "1.3万元"),  # 1.25: half up (half-even gives 1.2, round-down 1.2)
        ("14500", "1.5万元"),
        ("14499.99", "1.4万元"),
        ("87000", "8.7万元"),
        ("115000", "11.5万元"),  # 230人 11.5万元, the domain's example
        ("119999", "12万元"),
        ("1234567.89", "123.5万元"),
        ("-12500", "-1.3万元"),  # half away from zero
    ],
)
def test_wan_hand_worked(amount, text):
    assert formatting.wan(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("amount", "places", "text"),
    [("12345", 2, "1.23万元"), ("12350", 2, "1.24万元"), ("12345", 0, "1万元"), ("15000", 0, "2万元")],
)
def test_wan_places(amount, places, text):
    assert formatting.wan(Decimal(amount), places=places) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0", "0.00"),
        (None, "—"),  # nothing recorded: a dash, never 0.00
        ("0.004", "0.00"),
        ("0.005", "0.01"),  # half up
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # half-even would give 0.02
        ("2.675", "2.68"),  # exact in Decimal (a float would be 2.67499…)
        ("999.995", "1,000.00"),
        ("1234567.895", "1,234,567.90"),
        ("-1000.5", "-1,000.50"),
        (300, "300.00"),
    ],
)
def test_money_hand_worked(amount, text):
    assert formatting.money(amount if not isinstance(amount, str) else Decimal(amount)) == text


def test_money_refuses_garbage_naming_it():
    with pytest.raises(ValueError, match="不是有效金额：abc"):
        formatting.to_money("abc")


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0份"), (999, "999份"), (1000, "1000份"), (1001, "1000余份"), (1099, "1000余份"), (1100, "1100份"),
     (4123, "4100余份"), (9999, "9900余份"), (10000, "1万份"), (10999, "1万余份"), (99999, "9.9万余份"),
     (120000, "12万份"), (120001, "12万余份")],
)  # fmt: skip
def test_approx_hand_worked(n, text):
    assert formatting.approx(n, "份") == text


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(37, 40, "92.5%"), (1, 8, "12.5%"), (1, 16, "6.3%"), (3, 16, "18.8%"), (1, 3, "33.3%"), (2, 3, "66.7%"),
     (1, 1, "100%"), (0, 5, "0%"), (1, 0, "—"), (5, None, "—"), (1, 200, "0.5%"), (1, 2000, "0.1%")],
)  # fmt: skip
def test_percent_hand_worked(part, whole, text):
    assert formatting.percent(part, whole) == text


def test_percent_places():
    assert formatting.percent(1, 16, places=2) == "6.25%"
    assert formatting.percent(1, 16, places=0) == "6%"
    assert formatting.percent(1, 8, places=0) == "13%"  # 12.5 half up


@pytest.mark.parametrize(
    ("i", "text"),
    [(0, "零"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
     (90, "九十"), (99, "九十九")],
)  # fmt: skip
def test_chinese_ordinal_hand_worked(i, text):
    assert formatting.chinese_ordinal(i) == text


# --- masks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [("", ""), (None, ""), ("  ", ""), ("丽", "*"), ("张丽", "张*"), ("张晓丽", "张*丽"),
     ("欧阳晓丽", "欧**丽"), (" 张晓丽 ", "张*丽"), ("爱新觉罗玄烨", "爱****烨")],
)  # fmt: skip
def test_mask_name(name, masked):
    assert masking.mask_name(name) == masked


@pytest.mark.parametrize(
    ("mobile", "masked"),
    [("13912345678", "139****5678"), (" 13912345678 ", "139****5678"), ("+8613912345678", "+86****5678"),
     ("1234567", "123****4567"), ("123456", "******"), ("", ""), (None, "")],
)  # fmt: skip
def test_mask_mobile(mobile, masked):
    assert masking.mask_mobile(mobile) == masked


# --- exact messages and defaults (a message with something added, or a default changed, must show) --------


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("51170219900506123", "居民身份证号应为18位"),
        ("5117021990050612A6", "居民身份证号格式不正确：前17位应为数字，末位为数字或X"),
        ("51170219900506123Y", "居民身份证号格式不正确：前17位应为数字，末位为数字或X"),
        ("991702199005061235", "居民身份证号的地区码不正确"),
        ("511702199002301230", "居民身份证号中的出生日期不存在"),
        ("511702189002011234", "居民身份证号中的出生日期不合理"),
        ("511702199005061237", "居民身份证号校验码错误，请核对"),
        ("511702199005061236", ""),
    ],
)
def test_each_problem_in_exactly_these_words(number, problem):
    assert idcard.id_problem(number) == problem


def test_the_day_given_is_the_day_used():
    number = "511702199005061236"  # born 1990-05-06
    assert idcard.id_problem(number, today=date(1990, 5, 5)) == "居民身份证号中的出生日期不合理"
    assert idcard.id_problem(number, today=date(1990, 5, 6)) == ""


def test_the_validator_names_its_code_and_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        idcard.validate_id_number("123")
    assert excinfo.value.code == "invalid_id_number"
    assert excinfo.value.messages == ["居民身份证号应为18位"]


def test_approx_without_a_unit():
    assert formatting.approx(1234) == "1200余"
    assert formatting.approx(57) == "57"
