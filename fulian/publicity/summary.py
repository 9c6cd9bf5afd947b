"""The publicity register's share of the annual summary, in 强化思想引领，做好宣传工作 (area "guidance"):
"全年撰写各类信息31篇，被市妇联采用17条，县电视台播出12条。" — the pieces written, then each outlet that
took some, the higher levels first."""

from __future__ import annotations

from fulian.core.summary import Para

from .models import OUTLET_VERBS, Kind, Outlet

FIGURE_META = {
    "publicity.pieces": ("撰写宣传信息", "篇", "count"),
    **{f"publicity.pieces.{k.value}": (f"撰写{k.label}", "篇", "count") for k in Kind},
    "publicity.adopted": ("宣传信息被采用", "条", "count"),
    **{f"publicity.adopted.{o.value}": (f"被{o.label}采用", "条", "count") for o in Outlet},
}

# The order the genre names the outlets in, in groups written as one clause: the federations from the top
# (被省妇联采用4条、市妇联采用17条), the province's daily digest and the portal, the press, then TV and
# new media.
GROUPS = [
    [Outlet.PROVINCE_FED, Outlet.CITY_FED, Outlet.COUNTY_FED],
    [Outlet.DAILY, Outlet.PORTAL],
    [Outlet.PRESS],
    [Outlet.TV_PROVINCE, Outlet.TV_CITY, Outlet.TV_COUNTY],
    [Outlet.NEW_MEDIA],
]


def sentence(ctx) -> str:
    pieces = ctx.value("publicity.pieces")
    if not pieces:
        return ""
    clauses = [f"全年撰写各类宣传信息{ctx.fig('publicity.pieces', f'{pieces}篇')}"]
    for group in GROUPS:
        parts = []
        for outlet in group:
            key = f"publicity.adopted.{outlet.value}"
            n = ctx.value(key)
            if n:
                verb, word = OUTLET_VERBS[outlet]
                parts.append(f"{verb.removeprefix('被') if parts else verb}{ctx.fig(key, f'{n}{word}')}")
        if parts:
            clauses.append("、".join(parts))
    return "，".join(clauses) + "。"


def contribute(ctx) -> list[Para]:
    text = sentence(ctx)
    if not text:
        return []
    return [Para(key="publicity.pieces", area="guidance", heading="做好宣传信息工作", text=text, order=50)]
