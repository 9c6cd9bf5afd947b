"""The registry's share of the annual summary: the people the federation serves, by category."""

from __future__ import annotations

from fulian.core.summary import Para

FIGURE_META = {
    "people.total": ("登记服务对象", "人", "count"),
    "people.new": ("新登记服务对象", "人", "count"),
    "people.women": ("其中妇女", "人", "count"),
    "people.minors": ("其中未成年人", "人", "count"),
}


def figure_label(key: str):
    from .models import Category

    if key.startswith("people.category."):
        c = Category.objects.filter(code=key.rsplit(".", 1)[1]).first()
        return (c.name, "人", "count") if c else None
    return None


def contribute(ctx) -> list[Para]:
    from .models import Category

    total = ctx.value("people.total")
    if not total:
        return []
    names = dict(Category.objects.values_list("code", "name"))
    parts = []
    for code in ("poor_mother", "left_behind_child", "single_mother", "left_behind_woman", "disabled"):
        n = ctx.value(f"people.category.{code}")
        if n and code in names:
            parts.append(f"{names[code]}{ctx.fig(f'people.category.{code}', f'{n}人')}")
    text = f"建立健全服务对象台账，累计登记服务对象{ctx.fig('people.total', f'{total}人')}"
    if parts:
        text += "，包括" + "、".join(parts)  # a person may be in several categories: not a breakdown
    text += "，做到底数清、情况明，为精准服务打下基础。"
    return [Para(key="people.registry", area="self", heading="完善服务对象台账", text=text, order=10)]
