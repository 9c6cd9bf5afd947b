"""The arithmetic of an election, as pure functions (no database): seat allocation among 村民小组 and the
tally rules of a round of voting. The services and pages call these; the property tests in
tests/test_rules.py pin them down.

Seat allocation (名额分配): every group first gets one seat (至少1名); the remaining seats are shared in
proportion to the group's adult women, by the largest remainder (Hamilton, the default) or by the highest
averages (D'Hondt). Ties go to the group with more women, then to the group listed first.

A round of voting (一轮投票):
- the round is valid only when more than half of those entitled are present (到会人数超过应到人数的半数) and
  no more ballots are returned than were issued (收回票数不多于发出票数);
- a ballot marking more candidates than there are seats is void (多选作废) and not counted;
- a candidate is elected with more than half of the valid ballots (超过有效票的半数), at most as many as there
  are seats, by votes; a tie at the last seat, or seats left unfilled, go to a further round (另行选举).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

LARGEST_REMAINDER = "largest_remainder"
DHONDT = "dhondt"
METHODS = {LARGEST_REMAINDER: "最大余额法", DHONDT: "最高平均数法（顿特法）"}


class RuleError(ValueError):
    """An input the rules cannot work with; the message is Chinese and names the problem."""


@dataclass(frozen=True)
class Share:
    """One group's line of the arithmetic."""

    key: Hashable
    women: int
    base: int  # the guaranteed seat
    quota: Fraction  # its exact proportional share of the remaining seats
    seats: int  # base + proportional seats

    @property
    def floor(self) -> int:
        return int(self.quota)

    @property
    def remainder(self) -> Fraction:
        return self.quota - self.floor


@dataclass(frozen=True)
class Allocation:
    total: int
    method: str
    shares: tuple[Share, ...]

    def seats(self) -> dict:
        return {s.key: s.seats for s in self.shares}


def allocate_seats(total: int, women: Mapping[Hashable, int], method: str = LARGEST_REMAINDER) -> Allocation:
    """Share `total` seats among the groups of `women` ({group: adult women}); see the module docstring."""
    if method not in METHODS:
        raise RuleError(f"名额分配方法“{method}”未知，可选：{'、'.join(METHODS.values())}")
    keys = list(women)
    if not keys:
        raise RuleError("没有村民小组，无法分配名额")
    if any(int(w) < 0 for w in women.values()):
        raise RuleError("妇女人数不能为负数")
    if total < len(keys):
        raise RuleError(f"代表名额{total}名少于村民小组数{len(keys)}个，无法保证每组至少1名")
    rest = total - len(keys)
    weight = sum(int(w) for w in women.values())
    if rest and not weight:
        raise RuleError("各村民小组的妇女人数合计为0，无法按比例分配其余名额")
    order = {k: i for i, k in enumerate(keys)}
    quotas = {k: Fraction(rest * int(women[k]), weight) if weight else Fraction(0) for k in keys}
    if method == LARGEST_REMAINDER:
        extra = {k: int(quotas[k]) for k in keys}
        left = rest - sum(extra.values())
        ranked = sorted(keys, key=lambda k: (-(quotas[k] - int(quotas[k])), -int(women[k]), order[k]))
        for k in ranked[:left]:
            extra[k] += 1
    else:
        extra = dict.fromkeys(keys, 0)
        for _ in range(rest):
            k = min(keys, key=lambda k: (-Fraction(int(women[k]), extra[k] + 1), -int(women[k]), order[k]))
            extra[k] += 1
    shares = tuple(Share(k, int(women[k]), 1, quotas[k], 1 + extra[k]) for k in keys)
    return Allocation(total, method, shares)


# --- voting ---------------------------------------------------------------------------------------------


def round_problems(*, entitled: int, present: int, issued: int, returned: int) -> list[str]:
    """Why a round's vote is not valid (empty when it is)."""
    problems = []
    if entitled <= 0:
        problems.append("应到人数必须大于0")
    elif present * 2 <= entitled:
        problems.append(f"实到{present}人，未超过应到{entitled}人的半数，不能进行选举")
    if present > entitled:
        problems.append(f"实到人数{present}不能多于应到人数{entitled}")
    if issued > present:
        problems.append(f"发出选票{issued}张，多于实到人数{present}")
    if returned > issued:
        problems.append(f"收回选票{returned}张，多于发出选票{issued}张，本轮选举无效")
    return problems


@dataclass(frozen=True)
class Count:
    valid: int
    void: int
    votes: dict


def count_ballots(ballots: Iterable[Collection[Hashable]], seats: int) -> Count:
    """Count paper ballots (each the set of candidates marked): one marking more than `seats` is void."""
    valid = void = 0
    votes: dict = {}
    for ballot in ballots:
        marks = set(ballot)
        if len(marks) > seats:
            void += 1
            continue
        valid += 1
        for c in marks:
            votes[c] = votes.get(c, 0) + 1
    return Count(valid, void, votes)


@dataclass(frozen=True)
class Outcome:
    seats: int
    valid: int
    elected: tuple = ()
    tied: tuple = ()  # tied at the last seat: the further round is among them
    ranking: tuple = field(default=())  # (candidate, votes) by votes, all candidates

    @property
    def unfilled(self) -> int:
        return self.seats - len(self.elected)

    @property
    def further_round(self) -> bool:
        return self.unfilled > 0

    def has_majority(self, votes: int) -> bool:
        return votes * 2 > self.valid


def decide(votes: Mapping[Hashable, int], *, valid: int, seats: int) -> Outcome:
    """Who is elected with these votes (see the module docstring)."""
    if seats < 1:
        raise RuleError("应选名额至少为1名")
    if any(v < 0 for v in votes.values()):
        raise RuleError("得票数不能为负数")
    if any(v > valid for v in votes.values()):
        raise RuleError("候选人得票数不能多于有效票数")
    order = {k: i for i, k in enumerate(votes)}
    ranking = tuple(sorted(votes.items(), key=lambda kv: (-kv[1], order[kv[0]])))
    majority = [(c, v) for c, v in ranking if v * 2 > valid]
    if len(majority) <= seats:
        return Outcome(seats, valid, tuple(c for c, _ in majority), (), ranking)
    last = majority[seats - 1][1]
    above = [c for c, v in majority if v > last]
    at = [c for c, v in majority if v == last]
    if len(above) + len(at) <= seats:  # cannot happen (majority is longer than seats), kept for clarity
        return Outcome(seats, valid, tuple(above + at), (), ranking)
    return Outcome(seats, valid, tuple(above), tuple(at), ranking)


def box_problems(
    *, issued: int, returned: int, void: int, votes: Mapping[Hashable, int], seats: int
) -> list[str]:
    """What is wrong with one ballot box's count."""
    problems = []
    if returned > issued:
        problems.append(f"收回选票{returned}张，多于发出选票{issued}张")
    if void > returned:
        problems.append(f"废票{void}张，多于收回选票{returned}张")
    valid = returned - void
    for c, v in votes.items():
        if v > valid:
            problems.append(f"{c}得票{v}，多于有效票{valid}张")
    if sum(votes.values()) > valid * seats:
        problems.append(f"得票合计{sum(votes.values())}，超过有效票{valid}张×应选{seats}名")
    return problems


def candidates_needed(seats: int, ratio_percent: int) -> int:
    """The fewest candidates for `seats` with a 差额 ratio in percent (rounded up; 0 = 等额)."""
    return seats + (seats * ratio_percent + 99) // 100
