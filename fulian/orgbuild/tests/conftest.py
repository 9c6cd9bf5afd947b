"""Test data of organisation building: 青龙村 with seven 村民小组 and registered women to be candidates."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from conftest import make_unit
from fulian.orgs.models import Level
from fulian.people.models import Person

GROUP_NAMES = ["一组", "二组", "三组", "四组", "五组", "六组", "七组"]
GIVEN = "秀英桂兰玉兰凤英秀兰红梅丽华淑珍春梅海燕晓燕丽娟小红艳芳金凤翠花文静雪梅春燕慧敏玉梅丽萍红霞桂芳琴"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"


def woman(village, group, i: int, born=datetime.date(1980, 5, 1), gender="F") -> Person:
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 2) % (len(GIVEN) - 1) : (i * 2) % (len(GIVEN) - 1) + 2]
    return Person.objects.create(
        name=name, birth_date=born, gender=gender, village=village, village_path=village.path, group=group
    )


@pytest.fixture
def community(cast):
    """青龙村 (village_a1) with its seven groups (the cast's 一组 first) and, per group, five women."""
    groups = [cast.group_a1] + [
        make_unit(cast.village_a1, name=n, level=Level.GROUP) for n in GROUP_NAMES[1:]
    ]
    women = {g.pk: [woman(cast.village_a1, g, gi * 10 + k) for k in range(5)] for gi, g in enumerate(groups)}
    return SimpleNamespace(village=cast.village_a1, groups=groups, women=women)


@pytest.fixture(autouse=True)
def _day(clock):
    """Every test here runs on 2027-06-15 (the dates of its elections are in the spring before), whatever
    day the suite is run on."""
    clock.set(datetime.date(2027, 6, 15))
