"""Pinyin and stroke keys for Chinese names: search (张丽 = zhangli = zl) and the two official orders.

pypinyin reads a character by its most common reading, which is wrong for many surnames (曾 is céng in
曾经 but zēng as a surname). Surnames are therefore looked up first in SURNAME_READINGS (compound
surnames before single ones); the given name goes through pypinyin with its phrase dictionary.

Stroke counts come from the Unicode Han Database field kTotalStrokes (see data/make_strokes.py), for
CJK Unified Ideographs and Extension A. Unihan has no stroke order, so ties in 姓氏笔画 order are broken
by the surname character itself (same surnames stay together), then by the rest of the name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

# Compound surnames (复姓) and single surnames whose surname reading differs from pypinyin's default.
SURNAME_READINGS: dict[str, list[str]] = {
    "尉迟": ["yu", "chi"],
    "万俟": ["mo", "qi"],
    "单于": ["chan", "yu"],
    "长孙": ["zhang", "sun"],
    "澹台": ["tan", "tai"],
    "令狐": ["ling", "hu"],
    "欧阳": ["ou", "yang"],
    "上官": ["shang", "guan"],
    "司马": ["si", "ma"],
    "诸葛": ["zhu", "ge"],
    "东方": ["dong", "fang"],
    "皇甫": ["huang", "fu"],
    "公孙": ["gong", "sun"],
    "慕容": ["mu", "rong"],
    "宇文": ["yu", "wen"],
    "夏侯": ["xia", "hou"],
    "司徒": ["si", "tu"],
    "曾": ["zeng"],
    "单": ["shan"],
    "解": ["xie"],
    "仇": ["qiu"],
    "朴": ["piao"],
    "区": ["ou"],
    "查": ["zha"],
    "覃": ["qin"],
    "尉": ["wei"],
    "盖": ["ge"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "秘": ["bi"],
    "重": ["chong"],
    "种": ["chong"],
    "乐": ["yue"],
    "召": ["shao"],
    "员": ["yun"],
    "折": ["she"],
    "繁": ["po"],
    "黑": ["he"],
    "都": ["du"],
    "薄": ["bo"],
    "柏": ["bai"],
    "冼": ["xian"],
    "洗": ["xian"],
    "隗": ["wei"],
    "句": ["gou"],
    "逄": ["pang"],
    "莘": ["shen"],
    "宓": ["mi"],
    "厍": ["she"],
    "阚": ["kan"],
    "沈": ["shen"],
    "石": ["shi"],
    "任": ["ren"],
    "华": ["hua"],
    "纪": ["ji"],
    "曲": ["qu"],
    "燕": ["yan"],
    "车": ["che"],
    "长": ["chang"],
    "粘": ["nian"],
    "谌": ["chen"],
    "过": ["guo"],
    "能": ["nai"],
    "蔚": ["yu"],
    "应": ["ying"],
    "行": ["xing"],
    "传": ["chuan"],
    "藏": ["zang"],
}
_COMPOUND = sorted((s for s in SURNAME_READINGS if len(s) > 1), key=len, reverse=True)
_SEPARATORS = re.compile(r"[\s·•・．.\-]+")


def split_surname(name: str) -> tuple[str, str]:
    """Split a name into (surname, given name); compound surnames from the table count as one."""
    name = clean_name(name)
    for s in _COMPOUND:
        if name.startswith(s) and len(name) > len(s):
            return s, name[len(s) :]
    return name[:1], name[1:]


def clean_name(name: str) -> str:
    return _SEPARATORS.sub("", (name or "").strip())


@lru_cache(maxsize=65536)  # names repeat a lot; an import of 100,000 rows hits this cache most of the time
def syllables(name: str) -> tuple[str, ...]:
    """Lower-case pinyin syllables of a name without tones (ü written v), surname reading first."""
    surname, given = split_surname(name)
    out = list(SURNAME_READINGS.get(surname) or _plain(surname))
    out += _plain(given)
    return tuple(s for s in out if s)


def _plain(text: str) -> list[str]:
    if not text:
        return []
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors=_keep_alnum)]


def _keep_alnum(chars: str) -> Any:  # pypinyin takes a list here, its stubs say str
    """Non-Chinese characters (Latin letters in a name, digits) are kept lower-cased, others dropped."""
    return [c.lower() for c in chars if c.isascii() and c.isalnum()]


def full_pinyin(name: str) -> str:
    """张丽 -> zhangli."""
    return "".join(syllables(name))


def initials(name: str) -> str:
    """张丽 -> zl."""
    return "".join(s[0] for s in syllables(name))


# --- strokes ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stroke_blocks() -> list[tuple[int, int, str]]:
    blocks = []
    text = (Path(__file__).parent / "data" / "strokes.txt").read_text(encoding="ascii")
    for line in text.splitlines():
        first, last, data = line.split(" ", 2)
        blocks.append((int(first, 16), int(last, 16), data))
    return blocks


@lru_cache(maxsize=32768)
def stroke_count(char: str) -> int:
    """Total strokes of one character (simplified form), 0 when unknown."""
    cp = ord(char)
    for first, last, data in _stroke_blocks():
        if first <= cp <= last:
            return ord(data[cp - first]) - 33
    return 0


@lru_cache(maxsize=65536)  # a pure function of the name; imports repeat names a lot
def stroke_key(name: str) -> str:
    """A string that sorts names 按姓氏笔画: surname strokes, surname, then each given-name character's
    strokes. Two digits per count, the surname character's code point after its count as a tie-break."""
    surname, given = split_surname(name)
    parts = [f"{sum(stroke_count(c) for c in surname):02d}"]
    parts.append("".join(f"{ord(c):05X}" for c in surname))
    parts.append("".join(f"{stroke_count(c):02d}" for c in given))
    return ".".join(parts)[:100]


def pinyin_sort_key(name: str) -> str:
    """Sort key for pinyin order: syllables separated, so zhang li sorts before zhangli n."""
    return " ".join(syllables(name))
