"""Draft the summary from the records: opening (its verdict from the plan, the leading sub-units), numbered
sections by area, then 存在的问题 and 下一步工作打算 from the data (closing.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from fulian.core import summary as contract
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.replicas import reading_from_replica
from fulian.core.summary import AREA_ORDER, AREA_TITLES, Para, SummaryContext
from fulian.orgs.models import Level
from fulian.orgs.names import common_names_in

from ..selectors import plan_progress
from . import closing


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


def verdict(progress: list[dict], problems: list) -> str:
    """The opening's verdict, from the plan: every measured target met and nothing flagged behind →
    全面完成; some behind → how many of how many, no claim of completion; no plan → neutral wording."""
    measured = [p for p in progress if p["status"] in ("done", "behind")]
    behind = [p for p in measured if p["status"] == "behind"]
    if not measured:
        return "扎实推进各项工作"
    if behind:
        return f"年度{len(measured)}项量化目标任务中已完成{len(measured) - len(behind)}项"
    if problems:
        return f"年度{len(measured)}项量化目标任务均已达到"
    return "全面完成了全年各项工作目标任务"


def opening(ctx: SummaryContext, progress: list[dict], problems: list, leaders: str = "") -> str:
    year = ctx.period.start.year
    return (
        f"{year}年，{ctx.unit.name}妇联{_leadership(ctx.unit)}，紧紧围绕中心工作，坚持以联系妇女、服务妇女、"
        f"教育妇女、维护妇女儿童合法权益为根本任务，认真履行组织、引导、服务和维护的职责，"
        f"{verdict(progress, problems)}。{leaders}现将工作总结如下："
    )


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
            "previous": lambda: collect(
                user=user,
                unit=unit,
                period=period.previous_year(),
                apps=closing.PREVIOUS_APPS,
                keys=closing.PREVIOUS_KEYS,
            ),
            "child_units": lambda: list(
                type(unit).objects.get_children(unit).filter(active_until__isnull=True)
            ),
            "children": lambda: collect(
                user=user,
                unit=unit,
                period=period,
                group_by_child=True,
                apps=closing.CHILDREN_APPS,
                keys=closing.CHILDREN_KEYS,
            ),
        },
        previous_keys=closing.PREVIOUS_KEYS,
    )
    paras: list[Para] = []
    sources = contract.contributors()
    for i, (_, contribute) in enumerate(sources):
        paras.extend(p for p in contribute(ctx) if p.text)
        if progress:
            progress(i + 1, len(sources) + 1)
    paras.sort(key=lambda p: (AREA_ORDER.get(p.area, 99), p.order, p.key))
    progress = plan_progress(user=user, unit=unit, year=period.start.year, figures=ctx.figures)

    contributed_problems = [p for p in paras if p.area == "problems"]
    paras = [p for p in paras if p.area != "problems"]
    problems = closing.problems(ctx, progress, contributed_problems)
    opening_text = opening(ctx, progress, contributed_problems, closing.leading_units(ctx))
    out = [Generated("opening", "opening", "", "", 0, opening_text)]
    for i, p in enumerate(paras):
        out.append(Generated(p.key, "section", p.area, p.heading, 10 + i, p.text))
    out.extend(Generated(key, "problems", "", "", 850 + i, text) for i, (key, text) in enumerate(problems))
    plans = closing.plans(ctx, paras, progress)
    out.extend(Generated(key, "plans", "", "", 1000 + i, text) for i, (key, text) in enumerate(plans))
    # Villages and communities by the names the genre writes (包台村, not 包台村民委员会).
    return [replace(g, text=common_names_in(g.text)) for g in out]


def area_title(code: str) -> str:
    return AREA_TITLES.get(code, "其他工作")
