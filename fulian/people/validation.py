"""Field checks shared by the forms, the API and the spreadsheet importer: one row of person data in,
Chinese messages per field out. No database writes; duplicate checks live in `duplicates.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from fulian.core import idcard
from fulian.orgs.models import Level

from .models import Person

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_MOBILE_NOISE = re.compile(r"[\s\-()（）]")
_DATE_SEPARATED = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
GENDER_WORDS = {"女": "F", "F": "F", "f": "F", "男": "M", "M": "M", "m": "M"}


def normalize_mobile(value: str) -> str:
    value = _MOBILE_NOISE.sub("", value or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    return value


def parse_date(value) -> date | None:
    """A date from a date, a datetime or text like 1990-05-06, 1990/5/6, 19900506, 1990年5月6日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[5:7].isdigit():
        try:  # the common 1990-05-06, without the regular expressions
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(text) from None
    m = _DATE_SEPARATED.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


@dataclass
class RowCheck:
    """The cleaned values of one row and the errors found, keyed by Person field name."""

    cleaned: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def person_validate_row(
    *,
    name: str = "",
    gender: str = "",
    birth_date=None,
    id_number: str = "",
    mobile: str = "",
    village=None,
    group=None,
    today: date | None = None,
    **other,
) -> RowCheck:
    """Check one person's fields. Gender and birth date may be left out when the ID number gives them;
    when both are given they must agree with it. `village`/`group` are OrgUnits (looked up by the caller)."""
    today = today or timezone.localdate()
    check = RowCheck(cleaned=dict(other))
    errors = check.errors

    name = idcard_clean_name(name)
    if not name:
        errors["name"] = "姓名不能为空"
    elif len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    check.cleaned["name"] = name

    number = idcard.normalize(id_number or "")
    id_born = None
    if number:
        problem, id_born = idcard.inspect(number, today=today)
        if problem:
            errors["id_number"] = problem
            number = ""
    check.cleaned["id_number"] = number

    gender_code = GENDER_WORDS.get(str(gender or "").strip(), "")
    if gender and not gender_code:
        errors["gender"] = "性别应为“女”或“男”"
    try:
        born = parse_date(birth_date)
    except ValueError:
        born = None
        errors["birth_date"] = "出生日期格式不正确，应为 1990-05-06"
    if born and born > today:
        errors["birth_date"] = "出生日期不能晚于今天"
    if number:
        id_gender = idcard.gender_of(number)
        if gender_code and gender_code != id_gender:
            errors["gender"] = "性别与身份证号不符"
        if born and born != id_born:
            errors["birth_date"] = "出生日期与身份证号不符"
        gender_code = gender_code or id_gender
        born = born or id_born
    if not born and "birth_date" not in errors:
        errors["birth_date"] = "出生日期不能为空（或填写身份证号）"
    if not gender_code and "gender" not in errors:
        errors["gender"] = "性别不能为空（或填写身份证号）"
    check.cleaned["gender"] = gender_code
    check.cleaned["birth_date"] = born

    phone = normalize_mobile(mobile)
    if phone and not MOBILE_RE.match(phone):
        errors["mobile"] = "手机号码应为11位，以13–19开头"
    check.cleaned["mobile"] = phone

    if village is None:
        errors["village"] = "所属村(社区)不能为空"
    elif village.level != Level.VILLAGE:
        errors["village"] = "所属村(社区)必须是村或社区"
    if (
        group is not None
        and village is not None
        and (group.level != Level.GROUP or not group.path.startswith(village.path))
    ):
        errors["group"] = "村民小组必须属于所选的村(社区)"
    check.cleaned["village"] = village
    check.cleaned["group"] = group

    for key, label, limit in (
        ("hukou_address", "户籍地", 200),
        ("residence_address", "居住地", 200),
        ("ethnicity", "民族", 20),
    ):
        value = str(other.get(key) or "").strip()
        if len(value) > limit:
            errors[key] = f"{label}不能超过{limit}个字"
        check.cleaned[key] = value
    for key, label, choices in (
        ("education", "文化程度", Person.Education),
        ("employment", "就业状况", Person.Employment),
    ):
        value = str(other.get(key) or "").strip()
        code = _choice_code(value, choices)
        if value and code is None:
            errors[key] = f"{label}“{value}”不在可选范围内"
        check.cleaned[key] = code or ""
    return check


def _choice_code(value: str, choices) -> str | None:
    """Accept a choice by its code or its Chinese label."""
    if not value:
        return ""
    for code, label in choices.choices:
        if value in (code, label):
            return code
    return None


def idcard_clean_name(name: str) -> str:
    """Trim a name, collapse inner spaces (ethnic names keep their middle dot)."""
    return "".join(str(name or "").split())
