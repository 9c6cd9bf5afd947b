"""Text hygiene: what `clean_text` accepts, normalises and refuses, and what `printable` writes out."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fulian.core.text import clean_text, is_name_field, printable


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("  张丽\r\n", {}, "张丽"),  # trailing line break of a pasted value: trimmed
        (
            "第一行\r\n第二行\r\n",
            {"multiline": True},
            "第一行\n第二行",
        ),  # CR LF kept as LF in multi-line text
        ("第一行\r第二行", {"multiline": True}, "第一行\n第二行"),
        ("第一行\n第二行", {}, "第一行 第二行"),  # a single-line field gets a space
        ("村\t委会", {}, "村 委会"),  # a tab inside text becomes a space
        ("甲\u200b乙\ufeff", {}, "甲乙"),  # zero-width characters dropped from ordinary text
        ("张\n丽", {"multiline": True, "name": True}, "张 丽"),  # a name is one line
        ("阿依古丽·买买提", {"name": True}, "阿依古丽·买买提"),
        ("=HYPERLINK(1)", {}, "=HYPERLINK(1)"),  # formulas are an output matter (exports neutralise them)
        (None, {}, None),
        (5, {}, 5),
    ],
)
def test_accepted_and_normalised(value, kwargs, expected):
    assert clean_text(value, **kwargs) == expected


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ud800", "\uffff"]
)
def test_control_characters_are_refused_with_their_code(char):
    with pytest.raises(ValidationError) as exc:
        clean_text(f"活动{char}名称", multiline=True)
    assert exc.value.messages == [f"含有不可见的控制字符（U+{ord(char):04X}），请删除后重新填写"]


@pytest.mark.parametrize(
    "char", ["\u202e", "\u202a", "\u2066", "\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\ufeff"]
)
def test_names_refuse_bidi_and_zero_width_characters(char):
    with pytest.raises(ValidationError) as exc:
        clean_text(f"张{char}丽", name=True)
    assert exc.value.messages == [f"名称中不能含有文字方向控制符或零宽字符（U+{ord(char):04X}）"]


def test_bidi_marks_stay_in_ordinary_text():
    """Right-to-left script (e.g. a Uyghur address) may need them; only names refuse them."""
    assert clean_text("地址\u200fئۈرۈمچى") == "地址\u200fئۈرۈمچى"


def test_name_fields():
    assert all(map(is_name_field, ["name", "display_name", "respondent_name", "business_name"]))
    assert not any(map(is_name_field, ["names", "username", "title", "named_by", ""]))


def test_printable_removes_what_xml_forbids():
    assert printable("甲\x0b乙\x01丙\x0c丁") == "甲 乙丙 丁"
    assert printable("甲\t乙\n丙\r") == "甲\t乙\n丙\r"  # allowed in XML: kept
    assert printable("") == ""
