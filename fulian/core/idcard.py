"""居民身份证号 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male),
MOD 11-2 check character.

The check character comes from python-stdnum (`stdnum.cn.ric.calc_check_digit`). stdnum's own
`validate()` also rejects area codes that its table does not list for the birth year; docs/domain.md says an
ID must not be rejected because its area code has since changed, so only the province prefix is checked here.
"""

from __future__ import annotations

import functools
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric

# Province-level prefixes (省级行政区划代码), including 71 台湾 and 81/82/83 for 港澳台居民居住证.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42"}
    | {"43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
    | {"83"}
)
EARLIEST_BIRTH = date(1900, 1, 1)
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


@functools.lru_cache(maxsize=256)  # one number is normalized several times while a row is checked
def normalize(value: str) -> str:
    """Strip spaces, turn full-width digits half-width and a lower-case x upper-case."""
    return "".join((value or "").translate(_FULLWIDTH).split()).upper()


def birth_date_of(number: str) -> date | None:
    number = normalize(number)
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender_of(number: str) -> str:
    """'M' or 'F' (the 17th character is odd for men)."""
    return "M" if int(normalize(number)[16]) % 2 else "F"


def check_character(first17: str) -> str:
    return ric.calc_check_digit(first17 + "0")


def id_problem(number: str, *, today: date | None = None) -> str:
    """The reason, in Chinese, why the number is not a valid ID number; "" when it is valid."""
    return inspect(number, today=today)[0]


def inspect(number: str, *, today: date | None = None) -> tuple[str, date | None]:
    """(`id_problem`'s answer, the birth date the number gives when it is valid): one pass for callers
    that need both, such as the check of every imported row."""
    number = normalize(number)
    if len(number) != 18:
        return "居民身份证号应为18位", None
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "居民身份证号格式不正确：前17位应为数字，末位为数字或X", None
    if number[:2] not in PROVINCE_CODES:
        return "居民身份证号的地区码不正确", None
    born = birth_date_of(number)
    if born is None:
        return "居民身份证号中的出生日期不存在", None
    if born < EARLIEST_BIRTH or born > (today or timezone.localdate()):
        return "居民身份证号中的出生日期不合理", None
    if number[17] != check_character(number[:17]):
        return "居民身份证号校验码错误，请核对", None
    return "", born


def is_valid(number: str) -> bool:
    return not id_problem(number)


def validate_id_number(value: str) -> str:
    """Django validator: raise a Chinese ValidationError, else return the normalized number."""
    problem = id_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_id_number")
    return normalize(value)


def make_id_number(area: str, born: date, sequence: int) -> str:
    """Build a valid number (for tests, demo data and benchmarks): area (6 digits), birth date, 0–999."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def mask(number: str) -> str:
    """5117**********1234."""
    number = normalize(number)
    return f"{number[:4]}{'*' * 10}{number[-4:]}" if len(number) == 18 else ""
