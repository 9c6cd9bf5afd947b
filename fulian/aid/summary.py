"""The aid ledger's share of the annual summary: people aided and amounts, programme by programme."""

from __future__ import annotations

from fulian.core.formatting import wan
from fulian.core.summary import Para

FIGURE_META = {
    "aid.persons": ("救助人数", "人", "count"),
    "aid.amount": ("救助金额", "元", "money"),
    "aid.count": ("发放笔数", "笔", "count"),
    "aid.applications": ("救助申请", "件", "count"),
    "aid.amount.cash": ("现金救助金额", "元", "money"),
    "aid.amount.in_kind": ("实物救助折合金额", "元", "money"),
}


def figure_label(key: str):
    from .models import Programme

    parts = key.split(".")
    if len(parts) == 3 and parts[1] in ("amount", "persons") and parts[2] not in ("cash", "in_kind"):
        p = Programme.objects.filter(code=parts[2]).first()
        if p is None:
            return None
        return (f"{p.name}人数", "人", "count") if parts[1] == "persons" else (f"{p.name}金额", "元", "money")
    return None


def contribute(ctx) -> list[Para]:
    from .models import Programme

    persons = ctx.value("aid.persons")
    if not persons:
        return []
    amount = ctx.value("aid.amount")
    text = (
        f"积极争取救助资金，全年累计救助困难妇女儿童{ctx.fig('aid.persons', f'{persons}人')}，"
        f"发放现金及慰问品共计{ctx.fig('aid.amount', wan(amount))}。"
    )
    lines = []
    for p in Programme.objects.order_by("id"):
        n = ctx.value(f"aid.persons.{p.code}")
        if n:
            money = ctx.value(f"aid.amount.{p.code}")
            lines.append(
                f"{p.name}{ctx.fig(f'aid.persons.{p.code}', f'{n}人')}、"
                f"{ctx.fig(f'aid.amount.{p.code}', wan(money))}"
            )
    if lines:
        text += "其中，" + "；".join(lines) + "。"
    return [Para(key="aid.overview", area="care", heading="做好困难妇女儿童救助", text=text, order=10)]
