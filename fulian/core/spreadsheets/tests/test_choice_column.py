"""A column of a TextChoices names its choices once: the dropdown lists the labels, the parser reads them."""

from __future__ import annotations

import pytest

from fulian.care.models import Visit
from fulian.core.spreadsheets.parsers import choice_column
from fulian.core.spreadsheets.spec import CellError


def test_the_dropdown_lists_the_labels_and_the_parser_takes_one_back():
    column = choice_column("kind", "方式", Visit.Kind.choices, width=8, example="上门")
    assert (column.key, column.header, column.width, column.example) == ("kind", "方式", 8, "上门")
    assert column.choices(None) == [str(label) for _, label in Visit.Kind.choices]
    assert column.parse("上门", None) == Visit.Kind.HOME
    with pytest.raises(CellError, match="「飞鸽」不是可选值"):
        column.parse("飞鸽", None)
