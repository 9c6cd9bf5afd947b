"""The screening ledger's share of the annual summary: 两癌筛查 and 妇科病普查.

The paragraph leads with its most significant campaigns (named highlights, fulian/core/highlights.py): at
most HIGHLIGHTS campaigns, those with the most women screened in the period (named records and village
counts, the figure health.campaign.<id>.screened), then the earliest start, then the first entered —
written with the start date, the organising unit when it is not the summary's own, the partner
hospitals and the women screened ("3月8日，联合万源市妇幼保健院开展“2026年农村妇女两癌免费筛查”，
为1200名妇女免费筛查。").
"""

from __future__ import annotations

from fulian.core.highlights import event_text
from fulian.core.summary import Para

HIGHLIGHTS = 2

FIGURE_META = {
    "health.campaigns": ("筛查活动", "次", "count"),
    "health.target": ("筛查目标", "人", "count"),
    "health.screened": ("筛查妇女", "名", "count"),
    "health.screened.persons": ("实名登记筛查", "名", "count"),
    "health.screened.counted": ("按村汇总筛查", "名", "count"),
    "health.abnormal": ("筛查异常", "例", "count"),
    "health.positive": ("确诊阳性", "例", "count"),
    "health.referred": ("转诊", "例", "count"),
    "health.treated": ("救治", "例", "count"),
    "health.free_surgeries": ("免费手术", "例", "count"),
}


def contribute(ctx) -> list[Para]:
    screened = ctx.value("health.screened")
    if not screened:
        return []
    named = _highlights(ctx)  # they name the partners; without them the genre's general wording
    text = "".join(named) + ("" if named else "联合卫生健康部门开展农村妇女两癌筛查和妇科病普查，")
    text += f"全年共筛查妇女{ctx.fig('health.screened', f'{screened}名')}"
    text += ctx.compare("health.screened", "名")
    target = ctx.value("health.target")
    short = target and isinstance(target, int) and isinstance(screened, int) and screened < target
    found = []
    for key, word in (
        ("health.abnormal", "发现异常"),
        ("health.positive", "确诊阳性"),
        ("health.referred", "转诊"),
        ("health.treated", "救治"),
        ("health.free_surgeries", "实施免费手术"),
    ):
        n = ctx.value(key)
        if n:
            found.append(f"{word}{ctx.fig(key, f'{n}例')}")
    if found:
        text += "，" + "，".join(found)
    out = [Para(key="health.screening", area="care", heading="关注妇女健康", text=text + "。", order=20)]
    if short:  # the campaigns' own target missed: a problem, and the opening claims no completion
        out.append(
            Para(
                key="health.short",
                area="problems",
                text=f"妇女两癌筛查未达到筛查计划：计划筛查{ctx.fig('health.target', f'{target}名')}，"
                f"实际筛查{ctx.fig('health.screened', f'{screened}名')}。",
            )
        )
    return out


def _highlights(ctx) -> list[str]:
    from .models import Campaign

    screened = {
        int(k.split(".")[2]): v
        for k, v in ctx.figures.items()
        if k.startswith("health.campaign.") and k.endswith(".screened") and isinstance(v, int) and v > 0
    }
    if not screened:
        return []
    campaigns = {
        c.pk: c
        for c in Campaign.objects.filter(pk__in=screened).select_related("unit").prefetch_related("hospitals")
    }
    ranked = sorted((c for c in campaigns.values()), key=lambda c: (-screened[c.pk], c.started_on, c.pk))[
        :HIGHLIGHTS
    ]
    return [
        event_text(
            ctx.turn(),
            day=c.started_on,
            title=c.name,
            own_unit=ctx.unit,
            host="" if c.unit_id == ctx.unit.pk else f"{c.unit.name}妇联",
            partners=sorted(h.name for h in c.hospitals.all()),
            tail=f"为{ctx.fig(f'health.campaign.{c.pk}.screened', f'{screened[c.pk]}名')}妇女免费筛查",
        )
        for c in ranked
    ]
