"""Draft the summary from the records: opening, numbered sections by area, problems, next year's plans."""

from __future__ import annotations

from dataclasses import dataclass

from fulian.core import summary as contract
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.replicas import reading_from_replica
from fulian.core.summary import AREA_ORDER, AREA_TITLES, Para, SummaryContext
from fulian.orgs.models import Level

from ..selectors import plan_progress


@dataclass
class Generated:
    key: str
    part: str
    area: str
    heading: str
    order: int
    text: str


def summary_title(unit, period: Period, kind: str) -> str:
    year = period.start.year
    if kind == "half":
        return f"{unit.name}妇联{year}年{'上' if period.start.month == 1 else '下'}半年工作总结"
    return f"{unit.name}妇联{year}年度工作总结"


def _leadership(unit) -> str:
    parent = type(unit).objects.get_parent(unit)
    if unit.level == Level.VILLAGE:
        higher = f"{parent.name}妇联" if parent else "上级妇联"
        return f"在村党组织的坚强领导下，在{higher}的具体指导下"
    if unit.level == Level.TOWN:
        higher = f"{parent.name}妇联" if parent else "上级妇联"
        return f"在{unit.name}党委、政府的正确领导下，在{higher}的具体指导下"
    higher = f"{parent.name}妇联" if parent else "上级妇联"
    return f"在{unit.name}委、{unit.name}政府的正确领导下，在{higher}的具体指导下"


def opening(ctx: SummaryContext, behind: int) -> str:
    year = ctx.period.start.year
    done = "全面完成了全年各项工作目标任务" if not behind else "较好地完成了全年主要工作任务"
    span = "全年" if ctx.period.kind == "year" else "半年来"
    return (
        f"{year}年，{ctx.unit.name}妇联{_leadership(ctx.unit)}，紧紧围绕中心工作，坚持以联系妇女、服务妇女、"
        f"教育妇女、维护妇女儿童合法权益为根本任务，认真履行组织、引导、服务和维护的职责，{span}{done}。"
        "现将工作总结如下："
    )


def _problems(progress) -> list[Generated]:
    behind = [p for p in progress if p["status"] == "behind"]
    out = []
    for i, item in enumerate(behind):
        out.append(
            Generated(
                key=f"problems.plan.{item['item'].pk}",
                part="problems",
                area="",
                heading="",
                order=900 + i,
                text=(
                    f"{item['item'].title}目标任务尚未完成：目标{item['target_text']}，"
                    f"实际完成[[{item['item'].metric_key}|{item['actual_text']}]]。"
                ),
            )
        )
    out.append(
        Generated(
            key="problems.general",
            part="problems",
            area="",
            heading="",
            order=950,
            text="一是基层妇联组织工作力量仍显薄弱，村级妇联执委作用发挥不够充分；"
            "二是工作经费不足，服务妇女儿童的项目和阵地有待进一步拓展；"
            "三是信息宣传和工作台账规范化水平有待提高。",
        )
    )
    return out


def _plans(ctx: SummaryContext, areas_present: list[str]) -> list[Generated]:
    from ..models import PlanItem

    nxt = list(PlanItem.objects.filter(unit=ctx.unit, year=ctx.period.start.year + 1).order_by("id")[:20])
    if nxt:
        lines = [
            f"{i + 1}、{p.title}" + (f"（{p.note}）" if p.note else "") + "。" for i, p in enumerate(nxt)
        ]
        return [
            Generated(f"plans.item.{p.pk}", "plans", "", "", 1000 + i, line)
            for i, (p, line) in enumerate(zip(nxt, lines, strict=True))
        ]
    generic = {
        "org": "继续推进基层妇联组织建设，加强执委队伍培训，充分发挥执委作用。",
        "guidance": "深化思想引领，创新宣传方式，讲好身边妇女的故事。",
        "employment": "持续开展巾帼创业就业促进行动，组织技能培训和公益招聘。",
        "family": "深入开展最美家庭等家庭文明创建活动，弘扬良好家风。",
        "rights": "健全维权工作机制，加大反家庭暴力宣传和个案帮扶力度。",
        "children": "关爱留守儿童，推进妇女儿童发展规划各项指标落实。",
        "care": "做实关爱帮扶工作，精准救助贫困母亲等困难群体。",
        "self": "加强妇联干部自身建设，提升服务妇女群众的能力和水平。",
    }
    return [
        Generated(f"plans.{area}", "plans", "", "", 1000 + i, f"{i + 1}、{generic[area]}")
        for i, area in enumerate(areas_present or ["org", "care"])
    ]


# The records are read from a replica when there is one, even inside the caller's transaction: that
# transaction writes only the draft, which the paragraphs do not read (fulian/core/replicas.py).
@reading_from_replica(in_transaction=True)
def generate(*, user, unit, period: Period, kind: str = "annual", progress=None) -> list[Generated]:
    """All paragraphs of the draft, in document order, from the records the user may see."""
    ctx = SummaryContext(
        user=user,
        unit=unit,
        period=period,
        figures=collect(user=user, unit=unit, period=period),
        loaders={
            "previous": lambda: collect(user=user, unit=unit, period=period.previous_year()),
            "child_units": lambda: list(
                type(unit).objects.get_children(unit).filter(active_until__isnull=True)
            ),
            "children": lambda: collect(user=user, unit=unit, period=period, group_by_child=True),
        },
    )
    paras: list[Para] = []
    sources = contract.contributors()
    for i, (_, contribute) in enumerate(sources):
        paras.extend(p for p in contribute(ctx) if p.text)
        if progress:
            progress(i + 1, len(sources) + 1)
    paras.sort(key=lambda p: (AREA_ORDER.get(p.area, 99), p.order, p.key))
    progress = plan_progress(user=user, unit=unit, year=period.start.year, figures=ctx.figures)
    behind = sum(1 for p in progress if p["status"] == "behind")

    contributed_problems = [p for p in paras if p.area == "problems"]
    paras = [p for p in paras if p.area != "problems"]
    out = [Generated("opening", "opening", "", "", 0, opening(ctx, behind))]
    areas_present: list[str] = []
    for i, p in enumerate(paras):
        if p.area not in areas_present:
            areas_present.append(p.area)
        out.append(Generated(p.key, "section", p.area, p.heading, 10 + i, p.text))
    out.extend(
        Generated(p.key, "problems", "", "", 850 + i, p.text) for i, p in enumerate(contributed_problems)
    )
    out.extend(_problems(progress))
    out.extend(_plans(ctx, areas_present))
    return out


def area_title(code: str) -> str:
    return AREA_TITLES.get(code, "其他工作")
