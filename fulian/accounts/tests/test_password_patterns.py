"""The password policy refuses repeated and sequential patterns (a1a1a1a1a1, 12345678abc, abcabcabc,
qwerty runs) with a Chinese message; both sides of each boundary."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.accounts import services
from fulian.accounts.validators import PatternValidator, predictable_positions

REPEATED = "密码不能由同一段字符重复组成"
SEQUENTIAL = "密码中连续或重复的字符太多"


@pytest.mark.parametrize(
    ("password", "covered"),
    [
        ("xab9", set()),  # two in a row is not a run
        ("xabc9", {1, 2, 3}),
        ("xcba9", {1, 2, 3}),  # backwards too
        ("x890Q", {1, 2, 3}),  # the keyboard's digit row
        ("xQWEr", {1, 2, 3, 4}),  # keyboard row, any case
        ("xpoiu", {1, 2, 3, 4}),
        ("xaa9", set()),
        ("xaaa9", {1, 2, 3}),
        ("x1a1a9", set()),  # a unit twice (4 characters) is not yet a pattern
        ("x1a1a1a9", set(range(1, 7))),  # three times (6 characters) is
        ("2026x2026", set()),
        ("20262026", set(range(8))),
    ],
)
def test_predictable_runs_start_at_three_characters_and_repeats_at_six(password, covered):
    assert predictable_positions(password) == covered


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("a1a1a1a1a1", REPEATED),
        ("abcabcabc", REPEATED),
        ("Fulian2026Fulian2026", REPEATED),
        ("12345678abc", SEQUENTIAL),
        ("qwertyuiop1", SEQUENTIAL),
        ("asdfgh2026", SEQUENTIAL),  # 4 other characters
        ("Kp7m!12345", SEQUENTIAL),  # 5 other characters: one short
        ("Kp7m!1a1a1a", SEQUENTIAL),  # 1a1a1a is a pattern too
    ],
)
def test_patterns_are_refused_in_chinese(password, message):
    with pytest.raises(ValidationError) as exc:
        PatternValidator(min_other=6).validate(password)
    assert exc.value.messages[0].startswith(message)


@pytest.mark.parametrize(
    "password", ["Kp7m!Q1234", "qwerty2026!x", "Fulian2026!x", "wanyuan2026", "Fulian2026Fulian2027"]
)
def test_passwords_with_six_other_characters_pass(password):
    PatternValidator(min_other=6).validate(password)
    validate_password(password)  # and the whole configured policy


def test_the_message_says_how_many_more_characters_are_needed():
    with pytest.raises(ValidationError) as exc:
        PatternValidator(min_other=6).validate("Kp7m!12345")
    assert "至少还要有 6 个字符，现在只有 5 个" in exc.value.messages[0]


def test_length_is_capped_at_128():
    PatternValidator().validate("Kp7m!Q" * 21 + "xy")  # 128
    with pytest.raises(ValidationError, match="不能超过 128 个字符"):
        PatternValidator().validate("Kp7m!Q" * 21 + "xyz")  # 129


def test_the_policy_is_configured_and_applies_when_she_changes_her_password(cast):
    with pytest.raises(ValidationError) as exc:
        services.password_change(user=cast.chair_a, old_password=cast.password, new_password="a1a1a1a1a1")
    assert any(m.startswith(REPEATED) for m in exc.value.message_dict["new_password"])


def test_the_create_user_page_shows_the_rule_and_the_refusal(cast, login):
    client = login(cast.chair_a)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert "不能使用重复的片段或连续的字符" in page
    data = {
        "username": "li_na",
        "display_name": "李娜",
        "password": "12345678abc",
        "password2": "12345678abc",
    }
    html = client.post(reverse("accounts:user_create"), data).content.decode()
    assert SEQUENTIAL in html
