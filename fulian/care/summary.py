"""The pairing ledger's share of the annual summary: 爱心妈妈 and left-behind children."""

from __future__ import annotations

from fulian.core.summary import Para

FIGURE_META = {
    "care.volunteers": ("爱心妈妈（志愿者）", "名", "count"),
    "care.pairings.active": ("结对帮扶", "对", "count"),
    "care.pairings.new": ("新增结对", "对", "count"),
    "care.pairings.ended": ("结束结对", "对", "count"),
    "care.children": ("结对留守儿童", "名", "count"),
    "care.visits": ("走访", "次", "count"),
    "care.visits.home": ("上门走访", "次", "count"),
    "care.visits.with_needs": ("发现需求的走访", "次", "count"),
}


def contribute(ctx) -> list[Para]:
    pairs = ctx.value("care.pairings.active")
    if not pairs:
        return []
    children = ctx.value("care.children")
    volunteers = ctx.value("care.volunteers")
    visits = ctx.value("care.visits")
    text = (
        f"深入开展“爱心妈妈”结对关爱行动，组织{ctx.fig('care.volunteers', f'{volunteers}名')}爱心妈妈"
        f"与{ctx.fig('care.children', f'{children}名')}留守儿童结对"
        f"（{ctx.fig('care.pairings.active', f'{pairs}对')}）"
    )
    if visits:
        text += f"，全年开展走访{ctx.fig('care.visits', f'{visits}次')}"
        home = ctx.value("care.visits.home")
        if home:
            text += f"，其中上门走访{ctx.fig('care.visits.home', f'{home}次')}"
        needs = ctx.value("care.visits.with_needs")
        if needs:
            text += f"，及时发现并帮助解决实际困难{ctx.fig('care.visits.with_needs', f'{needs}件')}"
    return [Para(key="care.pairing", area="children", heading="关爱农村留守儿童", text=text + "。", order=10)]
