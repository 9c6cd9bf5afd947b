"""The parts of the summary written from the whole year rather than one ledger: the leading sub-units
named in the opening, 存在的问题 and 下一步工作打算.

Nothing here is fixed text shared by every unit: each sentence carries the unit's own plan items,
figures, sub-units or areas.

- 存在的问题: plan items behind their target (one sentence naming each, with target and result); the
  problems contributors report (indicators missing their target, overdue pairings, low satisfaction,
  cases still open at the period's end, screenings short of their target); headline figures lower than
  last year; sub-units with no activity recorded all year; sub-units whose questionnaires rate the work
  below LOW_SATISFACTION. Only when none of these applies: the areas of work with no record.
- 下一步工作打算: next year's plan items with their targets (and a line for the targets missed this
  year); without a plan for next year, one line per area written this year, built on that area's first
  figure.
- Leading sub-units (county and above, at least three sub-units): the three with the most activity
  participants (then activities), named in the opening.
"""

from __future__ import annotations

from fulian.core.figures import meta
from fulian.core.formatting import change_text
from fulian.core.summary import AREA_TITLES, AREAS, FIGURE_MARK, Para, SummaryContext
from fulian.orgs.models import Level

# Headline figures compared with last year for 存在的问题 (a drop is a problem to name).
DECLINES = [
    "activities.count",
    "activities.participants",
    "aid.persons",
    "care.visits",
    "health.screened",
    "employment.trainees",
    "employment.fairs",
]

# The figures the text compares with last year (the contributors' SummaryContext.compare and DECLINES):
# only these are read for last year, from their apps (SummaryContext.compare refuses any other key).
PREVIOUS_KEYS = frozenset([*DECLINES, "care.pairings.active"])
PREVIOUS_APPS = tuple(dict.fromkeys(k.split(".", 1)[0] for k in sorted(PREVIOUS_KEYS)))


# The figures by sub-unit the closing reads: activities (leading sub-units, sub-units without any
# activity) and surveys (low satisfaction).
CHILDREN_KEYS = frozenset(["activities.count", "activities.participants", "surveys.satisfaction"])
CHILDREN_APPS = tuple(dict.fromkeys(k.split(".", 1)[0] for k in sorted(CHILDREN_KEYS)))


# A sub-unit whose questionnaires rate the work below this share (percent) is named under 存在的问题.
LOW_SATISFACTION = 60

# What the next year builds on, per area, when there is no plan for it.
NEXT = {
    "org": "继续推进基层妇联组织建设，加强执委队伍培训，充分发挥执委作用",
    "guidance": "深化思想引领，创新宣传方式，讲好身边妇女的故事",
    "employment": "持续开展巾帼创业就业促进行动，扩大技能培训和公益招聘覆盖面",
    "family": "深入开展最美家庭等家庭文明创建活动，弘扬良好家风",
    "rights": "健全维权工作机制，加大反家庭暴力宣传和个案帮扶力度",
    "children": "做实留守儿童关爱服务，推进妇女儿童发展规划各项指标落实",
    "care": "做实关爱帮扶工作，精准救助贫困母亲等困难群体",
    "self": "加强妇联干部自身建设，提升服务妇女群众的能力和水平",
}


def area_word(unit) -> str:
    """全市 / 全县 / 全区 / 全镇 / 全乡 / 全街道 / 全村, from the unit's name."""
    for suffix in ("街道", "社区", "市", "县", "区", "镇", "乡", "村"):
        if unit.name.endswith(suffix):
            return f"全{suffix}"
    return "全辖区"


def _ranked_children(ctx: SummaryContext) -> list[tuple[object, dict]]:
    children = ctx.children
    rows = [(u, children.get(u.pk) or {}) for u in ctx.child_units]

    def score(row):
        f = row[1]
        return tuple(
            f.get(k) if isinstance(f.get(k), int) else 0
            for k in ("activities.participants", "activities.count")
        )

    return sorted(rows, key=lambda r: (score(r), -r[0].pk), reverse=True)


def leading_units(ctx: SummaryContext) -> str:
    """'全市31个乡镇（街道）中，竹峪镇、官渡镇、白沙镇开展活动参与群众最多。' for a county; '' below."""
    if ctx.unit.level > Level.COUNTY or len(ctx.child_units) < 3:
        return ""
    ranked = [(u, f) for u, f in _ranked_children(ctx) if f.get("activities.participants")]
    if len(ranked) < 3:
        return ""
    names = "、".join(u.name for u, _ in ranked[:3])
    return f"{area_word(ctx.unit)}{len(ctx.child_units)}个乡镇（街道）中，{names}开展活动参与群众最多。"


def _behind(progress: list[dict]) -> tuple[str, str] | None:
    behind = [p for p in progress if p["status"] == "behind"]
    if not behind:
        return None

    def result(p) -> str:
        if not p["actual"]:
            return "全年尚无完成记录"
        return f"实际完成[[{p['item'].metric_key}|{p['actual_text']}]]"

    items = "、".join(f"{p['item'].title}（目标{p['target_text']}，{result(p)}）" for p in behind)
    return "problems.plan", f"对照年度工作要点，仍有{len(behind)}项目标任务未完成：{items}。"


def _declines(ctx: SummaryContext) -> tuple[str, str] | None:
    lines = []
    for key in DECLINES:
        now, before = ctx.figures.get(key), ctx.previous.get(key)
        if not isinstance(now, int | float) or not isinstance(before, int | float) or not before:
            continue
        if now < before:
            m = meta(key)
            lines.append(f"{m.label}{change_text(now, before, m.unit, money_value=m.kind == 'money')}")
    if not lines:
        return None
    return "problems.decline", f"部分工作较上年有所减少：{'；'.join(lines)}，需要分析原因、加大工作力度。"


def _idle_children(ctx: SummaryContext) -> tuple[str, str] | None:
    if not ctx.child_units or ctx.unit.level >= Level.VILLAGE:
        return None
    idle = [u.name for u, f in _ranked_children(ctx) if not f.get("activities.count")]
    if not idle:
        return None
    shown = "、".join(idle[:5]) + (f"等{len(idle)}个" if len(idle) > 5 else "")
    return (
        "problems.idle",
        f"工作开展还不够均衡，{area_word(ctx.unit)}{len(ctx.child_units)}个下级妇联中，{shown}全年没有活动记录。",
    )


def _low_satisfaction(ctx: SummaryContext) -> tuple[str, str] | None:
    """Sub-units whose questionnaires rate the federation's work below LOW_SATISFACTION percent."""
    if not ctx.child_units:
        return None
    low = []
    for u, f in _ranked_children(ctx):
        sat = f.get("surveys.satisfaction")
        if sat is not None and not isinstance(sat, str) and sat < LOW_SATISFACTION:
            low.append(u.name)
    if not low:
        return None
    return (
        "problems.satisfaction",
        f"群众满意度还不够均衡，问卷调查中{'、'.join(low[:5])}{'等' if len(low) > 5 else ''}"
        f"群众满意度低于{LOW_SATISFACTION}%。",
    )


def problems(ctx: SummaryContext, progress: list[dict], contributed: list[Para]) -> list[tuple[str, str]]:
    out = [x for x in (_behind(progress),) if x]
    out.extend((p.key, p.text) for p in contributed)
    out.extend(x for x in (_declines(ctx), _idle_children(ctx), _low_satisfaction(ctx)) if x)
    if not out:
        out.append(_fallback(ctx))
    return out


def _fallback(ctx: SummaryContext) -> tuple[str, str]:
    """Only when the data shows no problem: the areas of work with nothing recorded this year."""
    present = {k.split(".", 1)[0] for k, v in ctx.figures.items() if v}
    missing = [title for code, title in AREAS if code in _AREA_SOURCES and not present & _AREA_SOURCES[code]]
    if missing:
        names = "；".join(t.split("，")[0] for t in missing[:3])
        return "problems.fallback", f"工作覆盖面有待拓展，{names}等方面全年没有形成工作记录。"
    return (
        "problems.fallback",
        f"{ctx.unit.name}妇联各项工作均有记录，但工作台账的规范化、信息化水平仍需提高。",
    )


# Which apps' figures show work in an area (for the fallback above).
_AREA_SOURCES = {
    "employment": {"employment"},
    "rights": {"cases"},
    "children": {"care", "indicators"},
    "care": {"aid", "health"},
}


def plans(ctx: SummaryContext, paras: list[Para], progress: list[dict]) -> list[tuple[str, str]]:
    from ..models import PlanItem

    nxt = list(PlanItem.objects.filter(unit=ctx.unit, year=ctx.period.start.year + 1).order_by("id")[:20])
    lines: list[tuple[str, str]] = []
    if nxt:
        for p in nxt:
            text = p.title
            if p.metric_key and p.target is not None:
                target = f"{p.target.normalize():f}{p.measure or meta(p.metric_key).unit}"
                text += f"，{'力争达到' if p.comparator == 'gte' else '控制在'}{target}"
            if p.note:
                text += f"（{p.note}）"
            lines.append((f"plans.item.{p.pk}", text + "。"))
    else:
        for area in dict.fromkeys(p.area for p in paras):
            first = next((m for p in paras if p.area == area for m in FIGURE_MARK.finditer(p.text)), None)
            base = ""
            if first is not None:
                base = f"在今年{meta(first.group(1)).label}{first.group(2)}的基础上，"
            lines.append((f"plans.{area}", f"{base}{NEXT.get(area, AREA_TITLES.get(area, ''))}。"))
    behind = [p["item"].title for p in progress if p["status"] == "behind"]
    if behind:
        lines.append(
            (
                "plans.behind",
                f"针对{'、'.join(behind)}未完成的情况，逐项分析原因，明确责任和时限，确保来年完成。",
            )
        )
    if not lines:
        lines.append(
            ("plans.general", f"结合{ctx.unit.name}实际，研究制定{ctx.period.start.year + 1}年工作要点。")
        )
    return [(key, f"{i + 1}、{text}") for i, (key, text) in enumerate(lines)]
