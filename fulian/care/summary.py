"""The pairing ledger's share of the annual summary: volunteers (爱心妈妈 counted as such only when they
are of that kind) paired with left-behind children, their visits, and the needs found and solved (帮助解决
only for needs marked solved).

The paragraph leads with its most significant gatherings (named highlights, fulian/core/highlights.py): a
gathering is the group visits (集体活动) of one village on one day reaching at least
`selectors.GATHERING_MIN_CHILDREN` paired children — the pairing ledger's own event (the 慰问 and 关爱
activities a federation organises are the activity ledger's, and are named there). The figures give the
`selectors.GATHERINGS_NAMED` largest — most children, then most volunteers, then the earliest day, then
the village's place in the tree — and the paragraph names them in that order; each written with its
day, the village (whose federation looks after the pairings) and both counts, each count a figure
opening the visits ("7月4日，青龙村妇联开展“青龙村结对关爱集体活动”，3名志愿者陪伴6名结对留守儿童。").
"""

from __future__ import annotations

from fulian.core.formatting import count
from fulian.core.highlights import event_text
from fulian.core.summary import Para

FIGURE_META = {
    "care.volunteers": ("结对志愿者", "名", "count"),
    "care.volunteers.caring_mother": ("爱心妈妈", "名", "count"),
    "care.pairings.active": ("结对帮扶", "对", "count"),
    "care.pairings.new": ("新增结对", "对", "count"),
    "care.pairings.ended": ("结束结对", "对", "count"),
    "care.pairings.overdue": ("超期未走访的结对", "对", "count"),
    "care.children": ("结对留守儿童", "名", "count"),
    "care.visits": ("走访", "次", "count"),
    "care.visits.home": ("上门走访", "次", "count"),
    "care.visits.with_needs": ("发现需求的走访", "次", "count"),
    "care.visits.needs_solved": ("帮助解决的需求", "件", "count"),
}


def contribute(ctx) -> list[Para]:
    pairs = ctx.value("care.pairings.active")
    if not pairs:
        return []
    children = ctx.value("care.children")
    volunteers = ctx.value("care.volunteers")
    mothers = ctx.value("care.volunteers.caring_mother")
    if mothers and mothers == volunteers:
        who = f"{ctx.fig('care.volunteers.caring_mother', count(mothers, '名'))}爱心妈妈"
    elif mothers:
        who = (
            f"志愿者{ctx.fig('care.volunteers', count(volunteers, '名'))}"
            f"（含爱心妈妈{ctx.fig('care.volunteers.caring_mother', count(mothers, '名'))}）"
        )
    else:
        who = f"巾帼志愿者{ctx.fig('care.volunteers', count(volunteers, '名'))}"
    text = "".join(_highlights(ctx)) + (
        f"深入开展结对关爱行动，组织{who}与{ctx.fig('care.children', count(children, '名'))}留守儿童"
        f"结对帮扶（{ctx.fig('care.pairings.active', count(pairs, '对'))}）"
        + ctx.compare("care.pairings.active", "对")
    )
    visits = ctx.value("care.visits")
    if visits:
        text += f"，全年开展走访{ctx.fig('care.visits', count(visits, '次'))}"
        home = ctx.value("care.visits.home")
        if home:
            text += f"，其中上门走访{ctx.fig('care.visits.home', count(home, '次'))}"
        needs = ctx.value("care.visits.with_needs")
        if needs:
            text += f"；走访中发现困难需求{ctx.fig('care.visits.with_needs', count(needs, '件'))}"
            solved = ctx.value("care.visits.needs_solved")
            if solved:
                text += f"，已帮助解决{ctx.fig('care.visits.needs_solved', count(solved, '件'))}"
    out = [Para(key="care.pairing", area="children", heading="关爱农村留守儿童", text=text + "。", order=10)]
    overdue = ctx.value("care.pairings.overdue")
    if overdue:
        out.append(
            Para(
                key="care.overdue",
                area="problems",
                text=f"结对关爱还不够经常，{ctx.fig('care.pairings.overdue', count(overdue, '对'))}"
                "结对超过约定期限未走访。",
            )
        )
    return out


def _highlights(ctx) -> list[str]:
    from fulian.orgs.models import OrgUnit

    from .figures import parse_gathering
    from .selectors import gathering_key

    found = []
    for key, children in ctx.figures.items():
        parsed = parse_gathering(key)
        if parsed is not None and parsed[2] == "children" and isinstance(children, int) and children > 0:
            village_id, day, _ = parsed
            volunteers = ctx.value(gathering_key(village_id, day, "volunteers"))
            found.append((village_id, day, children, volunteers))
    if not found:
        return []
    villages = OrgUnit.objects.in_bulk({f[0] for f in found})
    found.sort(key=lambda f: (-f[2], -f[3], f[1], villages[f[0]].path))
    out = []
    for village_id, day, children, volunteers in found:
        village = villages[village_id]
        tail = (
            f"{ctx.fig(gathering_key(village_id, day, 'volunteers'), count(volunteers, '名'))}志愿者陪伴"
            f"{ctx.fig(gathering_key(village_id, day), count(children, '名'))}结对留守儿童"
        )
        out.append(
            event_text(
                ctx.turn(),
                day=day,
                title=f"{village.name}结对关爱集体活动",
                own_unit=ctx.unit,
                host="" if village.pk == ctx.unit.pk else f"{village.name}妇联",
                tail=tail,
            )
        )
    return out
