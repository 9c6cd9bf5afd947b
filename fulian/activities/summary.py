"""The activity ledger's share of the annual summary, written the way the genre writes it.

Activities are placed in the area of work their type belongs to, under the type's heading — both data on
the type (`ActivityType.area`, `summary_heading`, set by the county on the activity types page), so that a
new kind of activity gets its own paragraph without a change here. Types sharing a heading are written in
one paragraph, in the types' order; a type without an area is counted in the overview only. Quantities
handed out are written with 余 when not exact ("印制发放倡议书4000余份").
"""

from __future__ import annotations

from fulian.core.formatting import approx, wan
from fulian.core.summary import Para

FIGURE_META = {
    "activities.count": ("开展活动", "场次", "count"),
    "activities.participants": ("活动参与人数", "人次", "count"),
    "activities.money": ("活动经费", "元", "money"),
}


def figure_label(key: str):
    from .models import ActivityType, QuantityKind

    if key.startswith("activities.count."):
        t = ActivityType.objects.filter(code=key.rsplit(".", 1)[1]).first()
        return (f"{t.name}活动", "场次", "count") if t else None
    if key.startswith("activities.quantity."):
        q = QuantityKind.objects.filter(code=key.rsplit(".", 1)[1]).first()
        return (q.name, q.unit, "count") if q else None
    return None


def contribute(ctx) -> list[Para]:
    from .models import ActivityType, QuantityKind

    total = ctx.value("activities.count")
    if not total:
        return []
    types = list(ActivityType.objects.all())
    kinds = {q.code: (q.name, q.unit) for q in QuantityKind.objects.all()}
    out = []
    people = ctx.value("activities.participants")
    money = ctx.value("activities.money")
    overview = f"全年共组织开展各类活动{ctx.fig('activities.count', f'{total}场次')}"
    if people:
        overview += f"，参与群众{ctx.fig('activities.participants', f'{people}人次')}"
    if money:
        overview += f"，投入经费{ctx.fig('activities.money', wan(money))}"
    handed = []
    for key, value in sorted(ctx.figures.items()):
        if key.startswith("activities.quantity.") and value:
            name, unit = kinds.get(key.rsplit(".", 1)[1], (None, ""))
            if name:
                handed.append(f"{name}{ctx.fig(key, approx(value, unit))}")
    if handed:
        overview += "；发放（受理）" + "、".join(handed)
    out.append(
        Para(
            key="activities.overview", area="guidance", heading="开展主题活动", text=overview + "。", order=10
        )
    )
    grouped: dict[tuple[str, str], list[str]] = {}
    for t in types:
        n = ctx.value(f"activities.count.{t.code}")
        if n and t.area:
            grouped.setdefault((t.area, t.heading), []).append(
                f"{t.name}活动{ctx.fig(f'activities.count.{t.code}', f'{n}场')}"
            )
    for i, ((area, heading), parts) in enumerate(grouped.items()):
        out.append(
            Para(
                key=f"activities.{area}.{i}",
                area=area,
                heading=heading,
                text="围绕中心工作，组织开展" + "、".join(parts) + "，取得了良好的社会反响。",
                order=20 + i,
            )
        )
    return out
