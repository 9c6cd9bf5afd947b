"""Text hygiene at the boundary: one rule for the text that comes in (forms, the API, imported cells) and
one for stored text going out (Excel, Word).

Coming in (`clean_text`):
- line breaks are normalised (CR LF and CR become LF; a single-line field gets a space instead), a tab
  becomes a space, zero-width characters and the byte-order mark are dropped, the ends are trimmed;
- any other control character (U+0000–U+001F, U+007F–U+009F, lone surrogates, U+FFFE/U+FFFF) is refused
  with a Chinese message naming it: such characters are invisible, and in a spreadsheet or Word file they
  are not even allowed;
- in a name (a person's, a volunteer's, a business's …) bidirectional controls and zero-width characters
  are refused too: they can make a name display as another one.

Going out (`printable`, and `add_text` for Word): text already stored (rows older than these rules) is
written with the characters that XML forbids removed, so one old row can never make an export or a Word
file fail.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

# Control characters other than tab, line feed and carriage return; DEL and the C1 controls; lone
# surrogates and the two non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional marks, embeddings, overrides and isolates: they reorder how the text is displayed.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width and other invisible format characters (soft hyphen, word joiner, BOM …).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# What XML 1.0 (and so .xlsx and .docx) does not allow in text.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_BREAKS = re.compile("[\x0b\x0c]")  # vertical tab, form feed: Word's line and page breaks
# Anything clean_text has to look at; most text has none of it and is only trimmed (imports of a million
# cells pay one search per cell).
_ATTENTION = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)
_NAME_FIELD = re.compile(r"(^|_)name$")


def is_name_field(field_name: str) -> bool:
    """Whether a form, serializer or model field holds a name (`name`, `display_name`, `business_name` …)."""
    return bool(_NAME_FIELD.search(field_name or ""))


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean_text(value: Any, *, multiline: bool = False, name: bool = False) -> Any:
    """The text as it may be stored, or ValidationError (Chinese) for a character it may not hold.

    Non-text values (None, numbers) are returned unchanged."""
    if not isinstance(value, str):
        return value
    if not _ATTENTION.search(value):
        return value.strip()
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\t", " ")
    if name or not multiline:  # a name is one line whatever field it comes from
        text = text.replace("\n", " ")
    bad = _CONTROL.search(text)
    if bad:
        raise ValidationError(
            f"含有不可见的控制字符（{_code(bad.group())}），请删除后重新填写", code="control_character"
        )
    if name:
        bad = _BIDI.search(text) or _INVISIBLE.search(text)
        if bad:
            raise ValidationError(
                f"名称中不能含有文字方向控制符或零宽字符（{_code(bad.group())}）", code="invisible_in_name"
            )
    else:
        text = _INVISIBLE.sub("", text)
    return text.strip()


def printable(value: str) -> str:
    """Stored text made safe for an XML file (xlsx, docx): forbidden characters removed, a vertical tab
    or form feed written as a space."""
    if not value or not _XML_FORBIDDEN.search(value):
        return value
    return _XML_FORBIDDEN.sub("", _XML_BREAKS.sub(" ", value))


def add_text(paragraph, text: str):
    """A run of stored text in a python-docx paragraph, made `printable` (old rows may hold U+000B and the
    like, which a Word file may not contain). Every run of text in a Word export is added through here."""
    return paragraph.add_run(printable(text))
