from types import SimpleNamespace

import pytest

from .factories import make_pairing, make_person, make_visit, make_volunteer, years_ago


@pytest.fixture
def care(cast):
    """Two volunteers in 青龙村 (one is volunteer_a1's), one in 东城社区, children and pairings."""
    mine = make_volunteer(cast.village_a1, "周芳", user=cast.volunteer_a1)
    other = make_volunteer(cast.village_a1, "李红")
    far = make_volunteer(cast.village_b1, "钱英")
    child1 = make_person(cast.village_a1, "王小明", years_ago(9), gender="M")
    child2 = make_person(cast.village_a1, "陈小花", years_ago(11))
    child3 = make_person(cast.village_b1, "孙小军", years_ago(8), gender="M")
    free_child = make_person(cast.village_a2, "赵小雨", years_ago(7))
    p_mine = make_pairing(mine, child1)
    p_other = make_pairing(other, child2)
    p_far = make_pairing(far, child3)
    make_visit(p_mine, years_ago(0, days=50), needs_found="需要学习用品")
    make_visit(p_other, years_ago(0, days=20), kind="phone")
    return SimpleNamespace(
        mine=mine,
        other=other,
        far=far,
        child1=child1,
        child2=child2,
        child3=child3,
        free_child=free_child,
        p_mine=p_mine,
        p_other=p_other,
        p_far=p_far,
    )
