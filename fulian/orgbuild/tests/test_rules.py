"""The election arithmetic: seat allocation and the tally rules, by property and by hand."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fulian.orgbuild.rules import (
    DHONDT,
    LARGEST_REMAINDER,
    RuleError,
    allocate_seats,
    box_problems,
    candidates_needed,
    count_ballots,
    decide,
    round_problems,
)

METHODS = st.sampled_from([LARGEST_REMAINDER, DHONDT])
GROUPS = st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12)


def _women(counts):
    return {f"{i + 1}组": w for i, w in enumerate(counts)}


@given(GROUPS, st.integers(min_value=0, max_value=60), METHODS)
def test_seats_sum_to_the_total_and_every_group_has_one(counts, extra, method):
    women = _women(counts)
    total = len(women) + extra
    assume(extra == 0 or sum(counts) > 0)
    seats = allocate_seats(total, women, method).seats()
    assert sum(seats.values()) == total
    assert min(seats.values()) >= 1


@given(GROUPS, st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=200), METHODS)
def test_a_group_with_more_women_never_gets_fewer_seats(counts, extra, more, method):
    women = _women(counts)
    assume(sum(counts) > 0)
    total = len(women) + extra
    before = allocate_seats(total, women, method).seats()
    grown = {**women, "1组": women["1组"] + more}
    after = allocate_seats(total, grown, method).seats()
    assert after["1组"] >= before["1组"]


@given(GROUPS, st.integers(min_value=0, max_value=60))
def test_largest_remainder_stays_within_one_of_the_quota(counts, extra):
    assume(sum(counts) > 0)
    alloc = allocate_seats(len(counts) + extra, _women(counts), LARGEST_REMAINDER)
    for share in alloc.shares:
        assert share.floor <= share.seats - share.base <= share.floor + 1


def test_hand_worked_example_32_seats_over_7_groups():
    # 470 adult women; each group first gets 1 seat (7), the other 25 by women:
    # 25×120/470 = 6.383, 25×95/470 = 5.053, 25×80/470 = 4.255, 25×64/470 = 3.404,
    # 25×50/470 = 2.660, 25×38/470 = 2.021, 25×23/470 = 1.223 → floors 6+5+4+3+2+2+1 = 23;
    # the 2 seats left go to the largest remainders: 五组 (.660) and 四组 (.404).
    women = {"一组": 120, "二组": 95, "三组": 80, "四组": 64, "五组": 50, "六组": 38, "七组": 23}
    alloc = allocate_seats(32, women)
    assert alloc.seats() == {"一组": 7, "二组": 6, "三组": 5, "四组": 5, "五组": 4, "六组": 3, "七组": 2}
    assert alloc.shares[0].quota == Fraction(25 * 120, 470)
    assert [s.floor for s in alloc.shares] == [6, 5, 4, 3, 2, 2, 1]
    # D'Hondt favours the larger groups: 一组 takes the seat 四组 had.
    assert allocate_seats(32, women, DHONDT).seats() == {
        "一组": 8,
        "二组": 6,
        "三组": 5,
        "四组": 4,
        "五组": 4,
        "六组": 3,
        "七组": 2,
    }


def test_allocation_refuses_what_it_cannot_do():
    with pytest.raises(RuleError, match="少于村民小组数3个"):
        allocate_seats(2, {"a": 1, "b": 1, "c": 1})
    assert allocate_seats(3, {"a": 1, "b": 1, "c": 1}).seats() == {"a": 1, "b": 1, "c": 1}
    with pytest.raises(RuleError, match="合计为0"):
        allocate_seats(4, {"a": 0, "b": 0})
    assert allocate_seats(2, {"a": 0, "b": 0}).seats() == {"a": 1, "b": 1}
    with pytest.raises(RuleError, match="方法"):
        allocate_seats(4, {"a": 1}, "lottery")


# --- the tally --------------------------------------------------------------------------------------------

CANDIDATES = ["甲", "乙", "丙", "丁", "戊"]
BALLOTS = st.lists(st.sets(st.sampled_from(CANDIDATES), max_size=5), max_size=60)


@given(BALLOTS, st.integers(min_value=1, max_value=4))
def test_no_more_elected_than_seats_and_nobody_without_a_majority(ballots, seats):
    count = count_ballots(ballots, seats)
    outcome = decide(count.votes, valid=count.valid, seats=seats)
    assert len(outcome.elected) <= seats
    for c in outcome.elected:
        assert count.votes[c] * 2 > count.valid
    assert outcome.unfilled == seats - len(outcome.elected)
    if outcome.tied:
        assert outcome.further_round
        assert len({count.votes[c] for c in outcome.tied}) == 1


@given(BALLOTS, st.integers(min_value=1, max_value=4))
def test_void_ballots_are_excluded(ballots, seats):
    count = count_ballots(ballots, seats)
    assert count.void == sum(1 for b in ballots if len(b) > seats)
    assert count.valid + count.void == len(ballots)
    for c, v in count.votes.items():
        assert v == sum(1 for b in ballots if len(b) <= seats and c in b)


def test_majority_boundary_and_ties():
    # 10 valid ballots: 6 is more than half, 5 is not.
    assert decide({"甲": 6, "乙": 5}, valid=10, seats=2).elected == ("甲",)
    assert decide({"甲": 6, "乙": 5}, valid=10, seats=2).unfilled == 1
    # three with a majority for two seats, the last two tied: 甲 elected, 乙/丙 to a further round
    outcome = decide({"甲": 9, "乙": 7, "丙": 7}, valid=10, seats=2)
    assert outcome.elected == ("甲",)
    assert outcome.tied == ("乙", "丙")
    assert outcome.further_round
    # the same without the tie: both seats filled, nobody left over
    outcome = decide({"甲": 9, "乙": 8, "丙": 7}, valid=10, seats=2)
    assert outcome.elected == ("甲", "乙")
    assert not outcome.further_round
    with pytest.raises(RuleError, match="多于有效票数"):
        decide({"甲": 11}, valid=10, seats=1)


def test_a_ballot_with_exactly_as_many_marks_as_seats_counts():
    count = count_ballots([{"甲", "乙"}, {"甲", "乙", "丙"}], seats=2)
    assert (count.valid, count.void) == (1, 1)
    assert count.votes == {"甲": 1, "乙": 1}


def test_round_validity_both_sides_of_each_boundary():
    assert round_problems(entitled=32, present=17, issued=17, returned=17) == []
    assert "未超过应到32人的半数" in round_problems(entitled=32, present=16, issued=16, returned=16)[0]
    assert round_problems(entitled=32, present=30, issued=30, returned=30) == []
    assert "多于发出选票30张" in round_problems(entitled=32, present=30, issued=30, returned=31)[0]
    assert "多于实到人数" in round_problems(entitled=32, present=30, issued=31, returned=30)[0]


def test_box_count_checks():
    assert box_problems(issued=30, returned=30, void=2, votes={"甲": 28}, seats=1) == []
    assert box_problems(issued=30, returned=30, void=2, votes={"甲": 29}, seats=1) == [
        "甲得票29，多于有效票28张",
        "得票合计29，超过有效票28张×应选1名",
    ]
    assert box_problems(issued=30, returned=31, void=0, votes={}, seats=1) == [
        "收回选票31张，多于发出选票30张"
    ]


def test_candidates_needed_for_a_ratio():
    assert candidates_needed(11, 0) == 11
    assert candidates_needed(11, 20) == 14  # 2.2 rounded up
    assert candidates_needed(10, 20) == 12
