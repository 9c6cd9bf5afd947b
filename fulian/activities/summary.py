"""The activity ledger's share of the annual summary, written the way the genre writes it.

Activities are placed in the area of work their type belongs to; quantities handed out are written with
余 when not exact ("印制发放倡议书4000余份").
"""

from __future__ import annotations

from fulian.core.formatting import approx, wan
from fulian.core.summary import Para

FIGURE_META = {
    "activities.count": ("开展活动", "场次", "count"),
    "activities.participants": ("活动参与人数", "人次", "count"),
    "activities.money": ("活动经费", "元", "money"),
}

# type code -> (area, heading)
AREA_OF_TYPE = {
    "sanba": ("guidance", "开展“三八”节系列活动"),
    "mothers_day": ("family", "开展母亲节活动"),
    "publicity": ("guidance", "开展宣传教育活动"),
    "lecture": ("guidance", "开展宣传教育活动"),
    "performance": ("guidance", "开展群众性文体活动"),
    "sports": ("guidance", "开展群众性文体活动"),
    "forum": ("self", "开展调研座谈"),
    "survey": ("self", "开展调研座谈"),
    "training": ("employment", "开展技能培训"),
    "job_fair": ("employment", "举办公益招聘"),
    "children_day": ("children", "开展“六一”儿童节活动"),
    "spring_festival": ("care", "开展节日慰问活动"),
    "mid_autumn": ("care", "开展节日慰问活动"),
    "free_clinic": ("care", "开展义诊服务"),
    "volunteer": ("care", "开展巾帼志愿服务"),
    "family_education": ("family", "开展家庭教育活动"),
    "rights_publicity": ("rights", "开展普法维权宣传"),
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
    types = {t.code: t.name for t in ActivityType.objects.all()}
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
    for code, (area, heading) in AREA_OF_TYPE.items():
        n = ctx.value(f"activities.count.{code}")
        if n and code in types:
            grouped.setdefault((area, heading), []).append(
                f"{types[code]}活动{ctx.fig(f'activities.count.{code}', f'{n}场')}"
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
