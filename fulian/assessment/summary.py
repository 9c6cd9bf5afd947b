"""The assessment's share of the annual summary, in the words of summary 1: villages assessed, groups,
cross-checks, the draw for field visits, questionnaire satisfaction, zone meetings and the grades."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from fulian.core.scoping import visible
from fulian.core.summary import Para

CN_NUM = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN_NUM[n] if 0 <= n <= 10 else str(n)


def _pct(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def _one(ctx, a) -> str:
    from . import selectors, services

    n = a.sheets.count()
    groups = list(a.groups.order_by("id").values_list("name", flat=True))
    parts = [f"{a.unit.name}妇联比对年初制定的村级考核细则，对{n}个行政村(社区)进行考核"]
    if groups:
        parts.append(
            f"分为{'、'.join(groups)}{_cn(len(groups))}组对各村档案进行审核，每村设立一张审核记录表，做到有依有据"
        )
    cross = list(a.cross_checks.select_related("zone"))
    if cross:
        zones = [c.zone.name for c in cross if c.zone_id]
        where = f"按{'、'.join(zones)}分片" if zones else "全镇统一"
        parts.append(f"{where}由镇级考核分组组长监督，各村进行交错互查")
    draw = services.current_draw(a)
    if draw is not None:
        villages = len(draw.result.get("villages", []))
        women = len(draw.person_ids())
        how = f"按{_pct(draw.women_ratio)}的比例" if draw.women_ratio else ""
        whom = f"{women}名妇女群众" if women else "妇女群众"
        parts.append(f"采取随机抽取的方式（随机种子{draw.seed}），{how}抽取{villages}个村{whom}进行实地走访")
    sat = ctx.value("surveys.satisfaction", None)
    if sat is not None:
        parts.append(
            f"并当场进行问卷调查，群众对村级妇女工作的满意度为{ctx.fig('surveys.satisfaction', f'{sat}%')}"
        )
    text = "，".join(parts) + "。"
    meetings = a.meetings.count()
    if meetings:
        text += f"召集各村妇联主席分片座谈{meetings}次，回顾一年工作，理清来年思路。"
    if a.status != a.Status.OPEN:
        grades = Counter(r.result.grade for r in selectors.results(assessment=a))
        shown = "、".join(f"{g}{grades[g]}个" for g, _ in a.bands if grades.get(g))
        if shown:
            text += f"考核结果已向各村公布，评出{shown}。"
    return text


def contribute(ctx) -> list[Para]:
    from .models import Assessment

    year = ctx.period.start.year
    assessments = list(
        visible(ctx.user, Assessment, "assessment.view")
        .filter(unit__path__startswith=ctx.unit.path, year=year)
        .select_related("unit")
        .order_by("unit__path")
    )
    if not assessments:
        return []
    if len(assessments) == 1:
        text = _one(ctx, assessments[0])
    else:
        villages = sum(a.sheets.count() for a in assessments)
        text = (
            f"全年{len(assessments)}个乡镇/街道对{villages}个村(社区)开展了村级妇联工作考核，"
            "分组审核档案、交错互查、随机抽取走访并开展满意度问卷调查。"
        )
    return [
        Para(key="assessment.overview", area="org", heading="严格村级考核，夯实基层基础", text=text, order=50)
    ]
