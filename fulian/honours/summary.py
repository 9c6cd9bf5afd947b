"""Honours' share of the annual summary: commendations by kind of holder ("表彰先进集体25个、先进个人58名"),
then by level and title, naming the holders of a title given to few collectives ("包台村被命名为市级巾帼
示范村")."""

from __future__ import annotations

from collections import defaultdict

from fulian.core.summary import Para

from .models import HolderType, HonourLevel
from .selectors import awards_in

FIGURE_META = {
    "honours.awards": ("获得表彰", "项", "count"),
    "honours.collectives": ("表彰先进集体", "个", "count"),
    "honours.individuals": ("表彰先进个人", "名", "count"),
    "honours.families": ("表彰先进家庭", "户", "count"),
    "honours.creations_applied": ("申报创建", "个", "count"),
    "honours.creations_named": ("创建命名", "个", "count"),
    "honours.creations_revoked": ("复查撤销称号", "个", "count"),
}
MEASURE = {HolderType.PERSON: "名", HolderType.FAMILY: "户", HolderType.UNIT: "个", HolderType.VILLAGE: "个"}
NAMED_AT_MOST = 3  # a title given to this many collectives or fewer is told by name
NAMED_GROUPS = 2  # … in at most this many sentences (the lint allows a pattern twice)


def detail(awards) -> str:
    """By level (highest first) and title: '包台村被命名为市级巾帼示范村；县级三八红旗手20名'."""
    groups: dict = defaultdict(list)
    for a in awards:
        groups[(-a.level, a.kind.name, a.holder_type)].append(a)
    parts, named = [], 0
    for (neg_level, kind, holder_type), rows in sorted(groups.items()):
        level = HonourLevel(-neg_level).label
        few = len(rows) <= NAMED_AT_MOST and holder_type in (HolderType.UNIT, HolderType.VILLAGE)
        if few and named < NAMED_GROUPS:
            named += 1
            names = "、".join(sorted({a.holder_name for a in rows}))
            verb = "被命名为" if holder_type == HolderType.VILLAGE else "被评为"
            parts.append(f"{names}{verb}{level}{kind}")
        else:
            parts.append(f"{level}{kind}{len(rows)}{MEASURE[holder_type]}")
    return "；".join(parts)


def contribute(ctx) -> list[Para]:
    total = ctx.value("honours.awards")
    if not total:
        return []
    heads = []
    for key, label, word in (
        ("honours.collectives", "先进集体", "个"),
        ("honours.individuals", "先进个人", "名"),
        ("honours.families", "先进家庭", "户"),
    ):
        n = ctx.value(key)
        if n:
            heads.append(f"{label}{ctx.fig(key, f'{n}{word}')}")
    text = "积极开展评选表彰和创建活动，选树先进典型，表彰" + "、".join(heads) + "。"
    awards = list(awards_in(user=ctx.user, unit=ctx.unit, start=ctx.period.start, end=ctx.period.end))
    more = detail(awards)
    if more:
        text += more + "。"
    return [Para(key="honours.awards", area="guidance", heading="选树先进典型", text=text, order=60)]
