"""The assessment's share of the annual summary, in the words of summary 1: villages assessed, groups,
cross-checks, the draw for field visits, questionnaire satisfaction, zone meetings and the grades — each
written only where that assessment's records hold it (a county names the towns that did a step when not
all did). The draw's seed is a record for checking, never printed."""

from __future__ import annotations

from fulian.core.formatting import share
from fulian.core.scoping import visible
from fulian.core.summary import Para

CN_NUM = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN_NUM[n] if 0 <= n <= 10 else str(n)


def _one(ctx, a) -> str:
    """One assessment, claiming only what its records hold: groups, cross-checks, the draw (never its
    seed), the satisfaction of the questionnaires, zone meetings, the grades."""
    from . import services

    n = ctx.value("assessment.villages")
    groups = list(a.groups.order_by("id").values_list("name", flat=True))
    parts = [
        f"{a.unit.name}妇联比对年初制定的村级考核细则，对{ctx.fig('assessment.villages', f'{n}个')}"
        "行政村(社区)进行考核"
    ]
    if groups:
        parts.append(
            f"分为{'、'.join(groups)}{_cn(len(groups))}组对各村档案进行审核，每村设立一张审核记录表，做到有依有据"
        )
    cross = list(a.cross_checks.select_related("zone"))
    if cross:
        zones = list(dict.fromkeys(c.zone.name for c in cross if c.zone_id))
        where = f"按{'、'.join(zones)}分片" if zones else "全镇统一"
        parts.append(f"{where}组织各村交错互查")
    draw = services.current_draw(a)
    if draw is not None:
        villages = len(draw.result.get("villages", []))
        women = len(draw.person_ids())
        how = f"按{share(draw.women_ratio)}的比例" if draw.women_ratio else ""
        whom = f"{women}名妇女群众" if women else "妇女群众"
        parts.append(f"采取随机抽取的方式，{how}抽取{villages}个村{whom}进行实地走访")
    sat = ctx.value("surveys.satisfaction", None)
    if sat is not None and draw is not None:
        parts.append(
            f"并当场进行问卷调查，群众对村级妇女工作的满意度为{ctx.fig('surveys.satisfaction', f'{sat}%')}"
        )
    text = "，".join(parts) + "。"
    meetings = a.meetings.count()
    if meetings:
        text += f"召集各村妇联主席分片座谈{meetings}次，回顾一年工作，理清来年思路。"
    graded = _grades(ctx, [name for name, _cut in a.bands])
    if graded:
        text += f"考核结果已向各村公布，{graded}。"
    return text


def _grades(ctx, names: list[str]) -> str:
    """The grade figures as a breakdown of the villages graded (they add up to it), best grade first:
    '评定等次的村(社区)12个，其中优秀3个、良好7个、合格2个'; '' when no result is out."""
    from .figures import grade_key

    graded = ctx.value("assessment.graded")
    if not graded:
        return ""
    parts = [
        f"{name}{ctx.fig(grade_key(name), f'{ctx.value(grade_key(name))}个')}"
        for name in dict.fromkeys(names)
        if ctx.value(grade_key(name))
    ]
    return f"评定等次的村(社区){ctx.fig('assessment.graded', f'{graded}个')}，其中" + "、".join(parts)


def _many(ctx, assessments) -> str:
    """Several towns' assessments: how many did each thing, naming them when not all did."""
    from . import services

    villages = ctx.value("assessment.villages")
    did = {
        "分组审核档案": [a for a in assessments if a.groups.exists()],
        "组织交错互查": [a for a in assessments if a.cross_checks.exists()],
        "随机抽取村和妇女群众实地走访": [a for a in assessments if services.current_draw(a) is not None],
    }
    text = (
        f"全年{len(assessments)}个乡镇（街道）妇联对{ctx.fig('assessment.villages', f'{villages}个')}"
        "村(社区)开展了村级妇联工作考核"
    )
    steps = []
    for what, those in did.items():
        if not those:
            continue
        if len(those) == len(assessments):
            steps.append(f"均{what}")
        else:
            steps.append(f"{'、'.join(a.unit.name for a in those)}{what}")
    if steps:
        text += "，" + "；".join(steps)
    sat = ctx.value("surveys.satisfaction", None)
    if sat is not None and did["随机抽取村和妇女群众实地走访"]:
        text += f"；问卷调查显示群众满意度为{ctx.fig('surveys.satisfaction', f'{sat}%')}"
    graded = _grades(ctx, [name for a in assessments for name, _cut in a.bands])
    if graded:
        text += f"。各地考核结果公布后，{graded}"
    return text + "。"


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
    text = _one(ctx, assessments[0]) if len(assessments) == 1 else _many(ctx, assessments)
    return [Para(key="assessment.overview", area="org", heading="严格村级妇联工作考核", text=text, order=50)]
