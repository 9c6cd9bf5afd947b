"""Password policy beyond Django's defaults (letters and digits both present) and mobile numbers."""

import re

import phonenumbers
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_character_classes")

    def get_help_text(self) -> str:
        return "密码必须同时包含字母和数字。"


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: str) -> str:
    """A mainland mobile number as 11 digits: `1[3-9]` and 9 more, an optional +86 (or 86) in front.

    Spaces and dashes are allowed in the input; `phonenumbers` parses it, the pattern decides.
    """
    raw = (value or "").strip()
    if not raw:
        return ""
    message = f"手机号“{raw}”格式不正确：应为以1[3-9]开头的11位数字，可带+86。"
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message, code="invalid_mobile") from exc
    national = str(parsed.national_number)
    if parsed.country_code != 86 or not MOBILE_RE.match(national):
        raise ValidationError(message, code="invalid_mobile")
    return national


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Chinese (Django 5.2's new wording has no zh-hans text)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
