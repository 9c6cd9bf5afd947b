"""Totals and grades, as pure functions of the scores (so that property tests can drive them).

part total(self | final) = Σ over 计分项 of min(max(points, 0), item max)
weighted = (w_self·self + w_regular·regular + w_final·final) / 100, each part clamped to [0, max]
total    = weighted + min(Σ bonus points, bonus cap), clamped to [0, max + cap]
grade    = the first band whose cut ≤ total / max × 100; any triggered 一票否决 item gives the bottom band
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

D0 = Decimal("0")
Q2 = Decimal("0.01")


def clamp(v: Decimal, lo: Decimal, hi: Decimal) -> Decimal:
    return max(lo, min(hi, v))


@dataclass
class Result:
    self_total: Decimal
    final_total: Decimal
    regular: Decimal
    bonus: Decimal
    total: Decimal
    max_total: Decimal
    vetoed: bool
    grade: str
    by_category: dict = field(default_factory=dict)


def compute(
    *,
    items: list,  # objects with pk, kind, max_points, category_id
    self_points: dict,  # item pk -> points
    final_points: dict,  # item pk -> points
    vetoes: set,  # item pks whose veto was triggered
    regular: Decimal | None,
    weights: tuple[int, int, int],
    bonus_cap: Decimal,
    grade_for,
    bottom_grade: str,
) -> Result:
    normal = [i for i in items if i.kind == "normal"]
    max_total = sum((i.max_points for i in normal), D0)

    def part(points: dict) -> Decimal:
        return sum((clamp(Decimal(points.get(i.pk, 0) or 0), D0, i.max_points) for i in normal), D0)

    by_category: dict = {}
    for i in normal:
        got = clamp(Decimal(final_points.get(i.pk, 0) or 0), D0, i.max_points)
        row = by_category.setdefault(i.category_id, [D0, D0])
        row[0] += got
        row[1] += i.max_points
    self_total, final_total = part(self_points), part(final_points)
    reg = clamp(Decimal(regular if regular is not None else final_total), D0, max_total)
    w_self, w_regular, w_final = weights
    weighted = (w_self * self_total + w_regular * reg + w_final * final_total) / Decimal(100)
    bonus_raw = sum(
        (max(Decimal(final_points.get(i.pk, 0) or 0), D0) for i in items if i.kind == "bonus"), D0
    )
    bonus = min(bonus_raw, max(bonus_cap, D0))
    total = clamp(weighted + bonus, D0, max_total + max(bonus_cap, D0)).quantize(Q2)
    vetoed = bool(vetoes)
    percent = total * 100 / max_total if max_total else D0
    grade = bottom_grade if vetoed else grade_for(percent)
    return Result(
        self_total.quantize(Q2),
        final_total.quantize(Q2),
        reg.quantize(Q2),
        bonus.quantize(Q2),
        total,
        max_total,
        vetoed,
        grade,
        by_category,
    )
