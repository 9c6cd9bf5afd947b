"""Totals never leave [0, max + capped bonus]; a veto forces the bottom grade, whatever the scores."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fulian.assessment.models import Assessment, default_bands
from fulian.assessment.scoring import compute


@dataclass
class It:
    pk: int
    kind: str
    max_points: Decimal
    category_id: int = 1


money = st.decimals(min_value=-50, max_value=200, places=2, allow_nan=False, allow_infinity=False)
A = Assessment(bands=default_bands())


@settings(deadline=None, max_examples=300)
@given(
    maxes=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=8),
    bonus_items=st.integers(min_value=0, max_value=3),
    data=st.data(),
    cap=st.decimals(min_value=0, max_value=20, places=1),
    weights=st.sampled_from([(0, 40, 60), (20, 20, 60), (0, 0, 100), (100, 0, 0)]),
    veto=st.booleans(),
)
def test_totals_stay_within_zero_and_max_plus_capped_bonus_and_veto_gives_bottom_grade(
    maxes, bonus_items, data, cap, weights, veto
):
    items = [It(i, "normal", Decimal(m)) for i, m in enumerate(maxes)]
    items += [It(100 + i, "bonus", Decimal(5)) for i in range(bonus_items)]
    items.append(It(999, "veto", Decimal(0)))
    pts = lambda: {i.pk: data.draw(money) for i in items}  # noqa: E731
    regular = data.draw(st.one_of(st.none(), money))
    r = compute(
        items=items,
        self_points=pts(),
        final_points=pts(),
        vetoes={999} if veto else set(),
        regular=regular,
        weights=weights,
        bonus_cap=cap,
        grade_for=A.grade_for,
        bottom_grade=A.bottom_grade,
    )
    top = Decimal(sum(maxes))
    assert Decimal(0) <= r.total <= top + cap
    assert r.bonus <= cap
    if veto:
        assert r.grade == "不合格"
        assert r.vetoed


def test_full_marks_are_excellent():
    items = [It(1, "normal", Decimal(10))]
    r = compute(
        items=items,
        self_points={1: 10},
        final_points={1: 10},
        vetoes=set(),
        regular=None,
        weights=(0, 40, 60),
        bonus_cap=Decimal(5),
        grade_for=A.grade_for,
        bottom_grade=A.bottom_grade,
    )
    assert (r.total, r.grade) == (Decimal("10.00"), "优秀")
