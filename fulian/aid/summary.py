"""The aid ledger's share of the annual summary: people aided and amounts, programme by programme.

A person may be aided several times and under several programmes, so the text counts both as the genre
does — 累计救助N人次，涉及M人 — and breaks the 人次 and the money down by programme (they sum to the
whole). When nobody was aided twice, 人 and 人次 are the same and the text says N人.

The paragraph leads with its most significant payouts (named highlights, fulian/core/highlights.py): a
payout is one programme's payments of one day (the genre's 集中发放); at most HIGHLIGHTS, those with the
most money paid, then the most people, then the earliest day — written as a payout, not an event: the
day, the programme's unit when it is not the summary's own, the programme, the money and the people
("1月20日，集中发放节日慰问款物4.3万元，惠及86名困难妇女儿童。").
"""

from __future__ import annotations

from django.db.models import Count, Sum

from fulian.core.formatting import count, wan
from fulian.core.highlights import first
from fulian.core.summary import Para, day_text

HIGHLIGHTS = 2
HIGHLIGHT_ORDER = ("-a", "-p", "paid_on", "programme_id")

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
    text = "".join(_highlights(ctx)) + f"积极争取救助资金，{head}{ctx.compare('aid.persons', '人')}"
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


def _highlights(ctx) -> list[str]:
    from .models import Programme
    from .selectors import counted_rows

    disb, _ = counted_rows(user=ctx.user, unit=ctx.unit, start=ctx.period.start, end=ctx.period.end)
    payouts = first(
        disb.values("programme_id", "paid_on").annotate(a=Sum("amount"), p=Count("person", distinct=True)),
        order=HIGHLIGHT_ORDER,
        n=HIGHLIGHTS,
    )
    if not payouts:
        return []
    programmes = Programme.objects.select_related("unit").in_bulk([r["programme_id"] for r in payouts])
    out = []
    for r in payouts:
        p = programmes[r["programme_id"]]
        host = "" if p.unit_id == ctx.unit.pk else f"{p.unit.name}妇联"
        money, people, day = wan(r["a"]), count(r["p"], "名"), day_text(r["paid_on"])
        if ctx.turn() % 2 == 0:
            out.append(f"{day}，{host}集中发放{p.name}款物{money}，惠及{people}困难妇女儿童。")
        else:
            out.append(f"{host or ctx.unit.name + '妇联'}于{day}为{people}困难妇女儿童发放{p.name}{money}。")
    return out
