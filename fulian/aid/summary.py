"""The aid ledger's share of the annual summary: people aided and amounts, programme by programme.

A person may be aided several times and under several programmes, so the text counts both as the genre
does — 累计救助N人次，涉及M人 — and breaks the 人次 and the money down by programme (they sum to the
whole). When nobody was aided twice, 人 and 人次 are the same and the text says N人.
"""

from __future__ import annotations

from fulian.core.formatting import count, wan
from fulian.core.summary import Para

FIGURE_META = {
    "aid.persons": ("救助人数", "人", "count"),
    "aid.amount": ("救助金额", "元", "money"),
    "aid.count": ("救助人次", "人次", "count"),
    "aid.applications": ("救助申请", "件", "count"),
    "aid.amount.cash": ("现金救助金额", "元", "money"),
    "aid.amount.in_kind": ("实物救助折合金额", "元", "money"),
}


def figure_label(key: str):
    from .models import Programme

    parts = key.split(".")
    if len(parts) == 3 and parts[1] in ("amount", "persons", "count") and parts[2] not in ("cash", "in_kind"):
        p = Programme.objects.filter(code=parts[2]).first()
        if p is None:
            return None
        return {
            "persons": (f"{p.name}人数", "人", "count"),
            "count": (f"{p.name}人次", "人次", "count"),
            "amount": (f"{p.name}金额", "元", "money"),
        }[parts[1]]
    return None


def contribute(ctx) -> list[Para]:
    from .models import Programme

    persons = ctx.value("aid.persons")
    if not persons:
        return []
    times = ctx.value("aid.count") or persons
    amount = ctx.value("aid.amount")
    once = times == persons  # nobody aided twice: 人 and 人次 are the same
    if once:
        head = f"全年累计救助困难妇女儿童{ctx.fig('aid.persons', count(persons, '人'))}"
    else:
        head = (
            f"全年累计救助困难妇女儿童{ctx.fig('aid.count', count(times, '人次'))}，"
            f"涉及{ctx.fig('aid.persons', count(persons, '人'))}"
        )
    text = f"积极争取救助资金，{head}{ctx.compare('aid.persons', '人')}"
    text += f"，发放现金及慰问品共计{ctx.fig('aid.amount', wan(amount))}。"
    lines = []
    for p in Programme.objects.order_by("id"):
        key = f"aid.persons.{p.code}" if once else f"aid.count.{p.code}"
        n = ctx.value(key)
        if n:
            money = ctx.value(f"aid.amount.{p.code}")
            lines.append(
                f"{p.name}{ctx.fig(key, count(n, '人' if once else '人次'))}"
                f"（{ctx.fig(f'aid.amount.{p.code}', wan(money))}）"
            )
    if len(lines) > 1:
        text += "其中，" + "、".join(lines) + "。"
    return [Para(key="aid.overview", area="care", heading="做好困难妇女儿童救助", text=text, order=10)]
