"""Password policy beyond Django's defaults (letters and digits both present; no repeated or sequential
patterns) and mobile numbers."""

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


# Runs a guesser tries first: the alphabet, the digits, the keyboard rows (either direction) and one
# character repeated. "1234567890" is the keyboard's digit row (…8, 9, 0), "0123456789" counting.
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
MAX_LENGTH = 128


def _steps(a: str, b: str) -> set[tuple[int, int]]:
    """The (sequence, direction) pairs in which b follows a; (-1, 0) when they are the same character."""
    found = {(-1, 0)} if a == b else set()
    for index, seq in enumerate(SEQUENCES):
        i, j = seq.find(a), seq.find(b)
        if i >= 0 and j >= 0 and abs(i - j) == 1:
            found.add((index, j - i))
    return found


def predictable_positions(password: str) -> set[int]:
    """Positions inside a run of 3+ sequential or identical characters (abc, 987, qwer, aaa), or inside a
    short unit repeated to 6+ characters (a1a1a1, abcabc, 20262026). Case does not matter."""
    s = password.lower()
    n = len(s)
    covered: set[int] = set()
    for i in range(n - 1):
        for step in _steps(s[i], s[i + 1]):
            j = i + 1
            while j + 1 < n and step in _steps(s[j], s[j + 1]):
                j += 1
            if j - i + 1 >= 3:
                covered.update(range(i, j + 1))
    for size in (2, 3, 4):
        for i in range(n - 2 * size + 1):
            unit, j = s[i : i + size], i + size
            while s[j : j + size] == unit:
                j += size
            if j - i >= max(6, 2 * size):
                covered.update(range(i, j))
    return covered


class PatternValidator:
    """Refuses a password made of one repeated piece (a1a1a1a1a1, abcabcabc) and one whose sequential or
    repeated runs (12345678, abcdef, qwerty, aaaa, a1a1a1) leave fewer than `min_other` other characters."""

    def __init__(self, min_other: int = 6) -> None:
        self.min_other = min_other

    def validate(self, password: str, user=None) -> None:
        if len(password) > MAX_LENGTH:
            raise ValidationError(f"密码不能超过 {MAX_LENGTH} 个字符。", code="password_too_long")
        if re.fullmatch(r"(.+?)\1+", password.lower(), flags=re.S):
            raise ValidationError(
                "密码不能由同一段字符重复组成（如 a1a1a1a1a1、abcabcabc）。", code="password_repeated"
            )
        other = len(password) - len(predictable_positions(password))
        if other < self.min_other:
            raise ValidationError(
                f"密码中连续或重复的字符太多（如 12345678、abcdef、qwerty、aaaa、a1a1a1），"
                f"除这些之外至少还要有 {self.min_other} 个字符，现在只有 {other} 个。",
                code="password_sequential",
            )

    def get_help_text(self) -> str:
        return "不能使用重复的片段或连续的字符（如 a1a1a1、12345678、abcabc、qwerty）。"
