"""The organisation's share of the annual summary (组织建设): federations and their seats."""

from __future__ import annotations

from fulian.core.summary import Para

from .models import Level, Position

FIGURE_META = {
    "orgs.towns": ("乡镇（街道）妇联", "个", "count"),
    "orgs.villages": ("村（社区）妇联", "个", "count"),
    **{f"orgs.seats.{p.value}": (p.label, "名", "count") for p in Position},
}


def contribute(ctx) -> list[Para]:
    if ctx.unit.level >= Level.VILLAGE:
        return []
    towns, villages = ctx.value("orgs.towns"), ctx.value("orgs.villages")
    if not (towns or villages):
        return []
    parts = []
    if towns and ctx.unit.level < Level.TOWN:  # a town's summary does not count the town itself
        parts.append(f"乡镇（街道）妇联{ctx.fig('orgs.towns', f'{towns}个')}")
    if villages:
        parts.append(f"村（社区）妇联{ctx.fig('orgs.villages', f'{villages}个')}")
    if not parts:
        return []
    text = "持续深化基层妇联组织建设，现有" + "、".join(parts)
    seats = []
    for position, word in ((Position.COMMITTEE, "执委"), (Position.REPRESENTATIVE, "妇女代表")):
        n = ctx.value(f"orgs.seats.{position.value}")
        if n:
            seats.append(f"{word}{ctx.fig(f'orgs.seats.{position.value}', f'{n}名')}")
    if seats:
        text += "，配备" + "、".join(seats)
    text += "，基层组织覆盖面进一步扩大。"
    return [Para(key="orgs.federations", area="org", heading="健全基层组织网络", text=text, order=10)]
