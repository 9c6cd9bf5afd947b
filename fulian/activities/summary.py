"""The activity ledger's share of the annual summary, written the way the genre writes it.

Activities are placed in the area of work their type belongs to, under the type's heading — both data on
the type (`ActivityType.area`, `summary_heading`, set by the county on the activity types page), so that a
new kind of activity gets its own paragraph without a change here. Types sharing a heading are written in
one paragraph, in the types' order; a type without an area is counted in the overview only.

Each area leads with its most significant activities (highlights): at most two per area, chosen by
participants, then money spent, then the organiser's level (county before town before village), then the
earliest date — written with date, partner bodies, place, participants, teams and what the activity
handed out ("3月8日，联合司法局在集镇街道开展“反家暴宣传进村入户”，发放倡议书3000份…"). The paragraph
then gives the counts by type and what the type's activities handed out, each quantity with its own verb
(发放倡议书29万余份，接受群众咨询1.3万余人次), never one list under 发放（受理）.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Sum

from fulian.core.formatting import approx, count, wan
from fulian.core.highlights import event_text, first_per_group
from fulian.core.summary import Para

FIGURE_META = {
    "activities.count": ("开展活动", "场", "count"),
    "activities.participants": ("活动参与人数", "人次", "count"),
    "activities.money": ("活动经费", "元", "money"),
}

# How a quantity is handed out (kinds users add read 发放<name>, or their name when it is already a verb).
VERBS = {
    "proposal": "发放倡议书",
    "eco_bag": "发放环保袋",
    "leaflet": "发放宣传资料",
    "consultation": "接受群众咨询",
    "complaint": "受理群众投诉",
    "gift": "送去慰问品",
    "posts": "提供就业岗位",
}
VERB_STARTS = ("发放", "提供", "受理", "接受", "送", "印制", "举办", "表彰", "撰写", "刊发", "发布")
HIGHLIGHTS_PER_AREA = 2
# Openers of the per-type count sentence, in turn, so that no pattern repeats.
OPENERS = [
    "全年共开展",
    "各级妇联组织开展",
    "先后举办",
    "累计开展",
    "共组织",
    "全年举办",
    "组织开展",
    "共开展",
]


def figure_label(key: str):
    from .models import ActivityType, QuantityKind

    if key.startswith("activities.count."):
        t = ActivityType.objects.filter(code=key.rsplit(".", 1)[1]).first()
        return (type_word(t.name), "场", "count") if t else None
    if key.startswith("activities.quantity."):
        q = QuantityKind.objects.filter(code=key.rsplit(".", 1)[1]).first()
        return (q.name, q.unit, "count") if q else None
    return None


def type_word(name: str) -> str:
    """三八节 → 三八节活动, 六一 → 六一活动; 座谈会, 家庭教育, 文艺演出 stay as they are."""
    return f"{name}活动" if len(name) <= 2 or name.endswith("节") else name


def measure_of_type(name: str) -> str:
    return "期" if "培训" in name else "场"


def verb(kind) -> str:
    if kind.code in VERBS:
        return VERBS[kind.code]
    return kind.name if kind.name.startswith(VERB_STARTS) else f"发放{kind.name}"


def handed_out(items) -> str:
    """[(kind, amount)] → '发放倡议书3000份、环保袋500个，接受群众咨询80人次' (same verb grouped)."""
    by_verb: dict[str, list[str]] = defaultdict(list)
    for kind, amount in items:
        if not amount:
            continue
        v = verb(kind)
        prefix = next((p for p in ("发放", "提供", "送去") if v.startswith(p) and len(v) > len(p)), "")
        by_verb[prefix or v].append((v[len(prefix) :] if prefix else "") + approx(amount, kind.unit))
    return "，".join(v + "、".join(things) for v, things in by_verb.items())


def _rows(ctx):
    from fulian.core.ledgers import subtree_rows

    from .models import Activity
    from .selectors import VIEW

    return subtree_rows(ctx.user, Activity, VIEW, ctx.unit).filter(
        unit_path__startswith=ctx.unit.path,
        start_date__gte=ctx.period.start,
        start_date__lte=ctx.period.end,
    )


# The rule that picks an area's highlights (module docstring), as an ordering.
HIGHLIGHT_ORDER = ("-participant_count", "-money_spent", "unit__depth", "start_date", "id")


def highlights(ctx, types_by_area: dict[str, list]) -> dict[str, list]:
    """The most significant activities of each area (the rule in the module docstring), in one query."""
    from .models import ActivityQuantity

    rows = _rows(ctx)
    types = [t for ts in types_by_area.values() for t in ts]
    ids = first_per_group(
        rows.filter(type__in=types), group="type__area", order=HIGHLIGHT_ORDER, n=HIGHLIGHTS_PER_AREA
    )
    wanted = [i for v in ids.values() for i in v]
    if not wanted:
        return {}
    found = {
        a.pk: a
        for a in rows.model.objects.filter(pk__in=wanted)
        .select_related("unit", "type")
        .prefetch_related(
            "co_bodies",
            "co_units",
            "teams",
            Prefetch("quantities", queryset=ActivityQuantity.objects.select_related("kind").order_by("id")),
        )
    }
    return {area: [found[i] for i in v if i in found] for area, v in ids.items()}


def highlight_text(a, i: int, own_unit) -> str:
    """One activity as the genre writes it (fulian/core/highlights.event_text)."""
    teams = list(a.teams.all())
    who = ""
    if teams:
        members = sum(t.members for t in teams)
        who = f"{len(teams)}支队伍" + (f"{members}名队员" if members else "") + "参加"
    elif a.participant_count:
        who = f"{a.participant_count}名群众参加"
    given = handed_out((q.kind, q.amount) for q in a.quantities.all())
    return event_text(
        i,
        day=a.start_date,
        title=a.title,
        own_unit=own_unit,
        host="" if a.unit_id == own_unit.pk else f"{a.unit.name}妇联",
        partners=[b.name for b in a.co_bodies.all()] + [u.name for u in a.co_units.all()],
        place=a.place,
        tail="，".join(x for x in (who, given) if x),
    )


def contribute(ctx) -> list[Para]:
    from .models import ActivityQuantity, ActivityType, QuantityKind

    total = ctx.value("activities.count")
    if not total:
        return []
    types = list(ActivityType.objects.all())
    kinds = {q.code: q for q in QuantityKind.objects.all()}
    out = []
    people = ctx.value("activities.participants")
    money = ctx.value("activities.money")
    overview = f"全年共组织开展各类活动{ctx.fig('activities.count', count(total, '场'))}"
    overview += ctx.compare("activities.count", "场")
    if people:
        overview += f"，参与群众{ctx.fig('activities.participants', count(people, '人次'))}"
    if money:
        overview += f"，投入经费{ctx.fig('activities.money', wan(money))}"
    out.append(
        Para(
            key="activities.overview", area="guidance", heading="开展主题活动", text=overview + "。", order=10
        )
    )
    grouped: dict[tuple[str, str], list] = {}
    for t in types:
        if ctx.value(f"activities.count.{t.code}") and t.area:
            grouped.setdefault((t.area, t.heading), []).append(t)
    if not grouped:
        return out
    by_area: dict[str, list] = defaultdict(list)
    for (area, _), ts in grouped.items():
        by_area[area].extend(ts)
    leads = highlights(ctx, by_area)
    qty: dict[str, list] = defaultdict(list)
    for row in (
        ActivityQuantity.objects.filter(activity__in=_rows(ctx))
        .values("activity__type__code", "kind__code")
        .annotate(s=Sum("amount"))
        .order_by("activity__type__code", "kind__code")
    ):
        if row["kind__code"] in kinds:
            qty[row["activity__type__code"]].append((kinds[row["kind__code"]], row["s"]))
    for i, ((area, heading), ts) in enumerate(grouped.items()):
        text = ""
        for a in leads.get(area, []):
            if a.type in ts:  # a highlight leads the paragraph of its own type
                text += highlight_text(a, ctx.turn(), ctx.unit)
        parts = []
        for t in ts:
            n = ctx.value(f"activities.count.{t.code}")
            shown = count(n, measure_of_type(t.name))
            parts.append(f"{type_word(t.name)}{ctx.fig(f'activities.count.{t.code}', shown)}")
        given = handed_out(item for t in ts for item in qty.get(t.code, []))
        sentence = OPENERS[i % len(OPENERS)] + "、".join(parts)
        if given:
            sentence += f"，活动中{given}"
        out.append(
            Para(
                key=f"activities.{area}.{i}",
                area=area,
                heading=heading,
                text=text + sentence + "。",
                order=20 + i,
            )
        )
    return out
