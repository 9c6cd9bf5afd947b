import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian.core import pinyin


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张丽", "zhangli", "zl"),
        ("曾国藩", "zengguofan", "zgf"),
        ("单丽", "shanli", "sl"),
        ("解放", "xiefang", "xf"),
        ("仇英", "qiuying", "qy"),
        ("朴槿惠", "piaojinhui", "pjh"),
        ("区志强", "ouzhiqiang", "ozq"),
        ("查良镛", "zhaliangyong", "zly"),
        ("覃小兰", "qinxiaolan", "qxl"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("吕绿", "lvlv", "ll"),
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
    ],
)
def test_surname_readings(name, full, initials):
    assert pinyin.full_pinyin(name) == full
    assert pinyin.initials(name) == initials


def test_compound_surname_splits_as_one():
    assert pinyin.split_surname("欧阳娜娜") == ("欧阳", "娜娜")
    assert pinyin.split_surname("欧阳") == ("欧", "阳")  # a two-character name is surname + given name


def test_stroke_counts_from_unihan():
    assert [pinyin.stroke_count(c) for c in "一王张曾"] == [1, 4, 7, 12]
    assert pinyin.stroke_count("A") == 0


def test_stroke_order_puts_fewer_strokes_first_and_keeps_surnames_together():
    names = ["曾丽", "王芳", "王一", "丁香", "张三"]
    ordered = sorted(names, key=pinyin.stroke_key)
    assert ordered == ["丁香", "王一", "王芳", "张三", "曾丽"]


def test_pinyin_order():
    names = ["曾丽", "张丽", "安娜", "单芳"]
    assert sorted(names, key=pinyin.full_pinyin) == ["安娜", "单芳", "曾丽", "张丽"]


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=8))
def test_initials_start_with_the_full_pinyins_first_letter(name):
    """The registry's search bounds the initials' range by the pinyin range of its first letter
    (fulian.people.selectors._name_search): that holds only if every name's initials begin as its pinyin."""
    full, first = pinyin.full_pinyin(name), pinyin.initials(name)
    assert full[:1] == first[:1]
    assert (full == "") == (first == "")
