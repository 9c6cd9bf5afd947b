"""The share of resources, projects and services in the annual summary: services handled for women
("为N名妇女代办再就业优惠证、社保补贴等M件"), donations received and given out ("接受捐款X万元"), projects
and bases, pairings."""

from __future__ import annotations

from fulian.core.formatting import wan
from fulian.core.summary import Para

FIGURE_META = {
    "resources.donations.money": ("接受捐款", "元", "money"),
    "resources.donations.goods": ("接受捐赠物资折价", "元", "money"),
    "resources.donations.count": ("接受捐赠", "笔", "count"),
    "resources.uses.money": ("捐款支出", "元", "money"),
    "resources.uses.aid": ("捐赠用于救助发放", "元", "money"),
    "resources.services": ("代办服务", "件", "count"),
    "resources.services.persons": ("代办服务妇女", "人", "count"),
    "resources.projects": ("实施项目", "个", "count"),
    "resources.bases": ("建成基地", "个", "count"),
    "resources.pairings": ("结对共建", "对", "count"),
}


def _kinds(ctx) -> list[tuple[str, int]]:
    """The kinds of service handled in the period, most first: (name, count)."""
    from .models import ServiceKind

    found = []
    for kind in ServiceKind.objects.order_by("order", "id"):
        n = ctx.value(f"resources.services.kind.{kind.code}")
        if n:
            found.append((kind.name, n))
    return sorted(found, key=lambda kn: -kn[1])


def contribute(ctx) -> list[Para]:
    out = []
    handled, persons = ctx.value("resources.services"), ctx.value("resources.services.persons")
    if handled:
        kinds = [name for name, _ in _kinds(ctx)]
        what = "、".join(kinds[:2]) + ("等" if len(kinds) > 1 else "")
        out.append(
            Para(
                key="resources.services",
                area="employment",
                heading="为妇女办实事",
                text=f"主动为妇女群众代办实事，为{ctx.fig('resources.services.persons', f'{persons}名')}妇女"
                f"代办{what}{ctx.fig('resources.services', f'{handled}件')}。",
                order=80,
            )
        )
    money, goods = ctx.value("resources.donations.money"), ctx.value("resources.donations.goods")
    if money or goods:
        parts = []
        if money:
            parts.append(f"接受捐款{ctx.fig('resources.donations.money', wan(money))}")
        if goods:
            parts.append(f"接受捐赠物资折价{ctx.fig('resources.donations.goods', wan(goods))}")
        text = "积极争取社会爱心资源，" + "、".join(parts)
        aid = ctx.value("resources.uses.aid")
        if aid:
            text += f"，用捐款为困难妇女儿童发放救助{ctx.fig('resources.uses.aid', wan(aid))}"
        out.append(
            Para(
                key="resources.donations", area="care", heading="汇聚社会爱心资源", text=text + "。", order=80
            )
        )
    projects, bases, pairings = (
        ctx.value("resources.projects"),
        ctx.value("resources.bases"),
        ctx.value("resources.pairings"),
    )
    if projects or bases or pairings:
        parts = []
        if projects:
            parts.append(f"实施{ctx.fig('resources.projects', f'{projects}个')}妇女儿童项目")
        if bases:
            parts.append(f"建成{ctx.fig('resources.bases', f'{bases}个')}示范基地")
        if pairings:
            parts.append(f"开展结对共建{ctx.fig('resources.pairings', f'{pairings}对')}")
        out.append(
            Para(
                key="resources.projects",
                area="self",
                heading="以项目带动服务",
                text="依托项目和阵地提升服务能力，" + "，".join(parts) + "。",
                order=80,
            )
        )
    return out
