"""The indicators' share of the annual summary: how many 两纲 indicators met their targets, and which not."""

from __future__ import annotations

from fulian.core.formatting import with_measure
from fulian.core.summary import Para

from .selectors import indicator_table


def contribute(ctx) -> list[Para]:
    if ctx.period.kind not in ("year", "half"):
        return []
    rows = [
        r
        for r in indicator_table(
            user=ctx.user, unit=ctx.unit, year=ctx.period.start.year, figures=ctx.figures
        )
        if r.value is not None
    ]
    if not rows:
        return []
    met = [r for r in rows if r.meets]
    missed = [r for r in rows if r.meets is False]
    text = (
        f"扎实推进妇女儿童发展纲要实施，开展年度监测统计，纳入监测的{len(rows)}项指标中，"
        f"{len(met)}项达到规划目标。"
    )
    out = [Para(key="indicators.monitoring", area="children", heading="推进两纲实施", text=text, order=90)]
    if missed:
        names = "、".join(_missed(r) for r in missed[:5])
        out.append(
            Para(key="indicators.missed", area="problems", text=f"部分两纲监测指标未达到规划目标：{names}。")
        )
    return out


def _missed(r) -> str:
    """孕产妇死亡率（15/10万，目标不高于12/10万）"""
    ind = r.indicator
    target = with_measure(ind.target, ind.measure)
    return f"{ind.name}（{with_measure(r.value, ind.measure)}，目标{ind.get_direction_display()}{target}）"
