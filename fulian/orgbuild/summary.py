"""Organisation building's share of the annual summary: elections (with the 改建 pilot told step by step
when one took effect in the year), post adjustments, places, and cadre training."""

from __future__ import annotations

from fulian.core.summary import Para
from fulian.orgs.models import Level

from .models import CadreTraining, Contest, Step

FIGURE_META = {
    "orgbuild.restructures": ("完成妇联改建", "个", "count"),
    "orgbuild.new_terms": ("完成妇联换届", "个", "count"),
    "orgbuild.elected.committee": ("选举产生执委", "名", "count"),
    "orgbuild.elected.chairs": ("选举产生主席", "名", "count"),
    "orgbuild.elected.representatives": ("推选妇女代表", "名", "count"),
    "orgbuild.posts.adjusted": ("岗位人员调整", "个", "count"),
    "orgbuild.trainings": ("干部培训", "期", "count"),
    **{f"orgbuild.trainings.{k}": (label, "期", "count") for k, label in CadreTraining.Kind.choices},
    "orgbuild.training_hours": ("干部培训学时", "学时", "count"),
    "orgbuild.trained": ("培训妇联干部", "人次", "count"),
    "orgbuild.places.homes": ("妇女之家", "个", "count"),
    "orgbuild.places.new": ("新落实阵地", "处", "count"),
    "orgbuild.places.offices_new": ("落实办公室", "处", "count"),
}


def _day(d) -> str:
    return f"{d.month}月{d.day}日"


def pilot_text(election) -> str:
    """The 改建 pilot step by step with its dates and numbers (the records of its steps and result)."""
    done = {s.kind: s for s in election.steps.all()}
    elected = election.candidates.filter(outcome="elected")
    n = {c: elected.filter(contest=c).count() for c in Contest.values}
    groups = election.shares.count()
    sub = "村民小组" if election.unit.level == Level.VILLAGE else "村（社区）"
    parts = []
    templates = [
        (Step.Kind.PLAN, "成立改建工作领导小组、制定工作方案"),
        (Step.Kind.BRANCH, f"经支委会研究确定妇女代表名额{election.representative_seats}名"),
        (Step.Kind.SEATS, f"将代表名额分配到{groups}个{sub}"),
        (Step.Kind.NOMINATE, f"各{sub}推选产生妇女代表{n[Contest.REPRESENTATIVE]}名"),
        (Step.Kind.FILED, "将代表名单报上级妇联备案"),
        (Step.Kind.CONGRESS, f"召开妇女代表大会，差额选举产生执委{n[Contest.COMMITTEE]}名"),
        (
            Step.Kind.FIRST_MEETING,
            f"召开执委会第一次会议，选举产生主席{n[Contest.CHAIR]}名、副主席{n[Contest.VICE_CHAIR]}名",
        ),
    ]
    for kind, text in templates:
        if kind in done:
            parts.append(f"{_day(done[kind].done_on)}{text}")
    if not parts:
        return ""
    return f"{election.unit.name}作为妇联改建试点，" + "；".join(parts) + "，完成了妇代会改妇联。"


def contribute(ctx) -> list[Para]:
    out = []
    restructures, new_terms = ctx.value("orgbuild.restructures"), ctx.value("orgbuild.new_terms")
    if restructures or new_terms:
        parts = []
        if restructures:
            parts.append(f"完成{ctx.fig('orgbuild.restructures', f'{restructures}个')}村（社区）妇联改建")
        if new_terms:
            parts.append(f"完成{ctx.fig('orgbuild.new_terms', f'{new_terms}个')}妇联换届")
        text = "扎实推进妇联组织改革，" + "、".join(parts)
        committee = ctx.value("orgbuild.elected.committee")
        if committee:
            text += f"，选举产生执委{ctx.fig('orgbuild.elected.committee', f'{committee}名')}"
        reps = ctx.value("orgbuild.elected.representatives")
        if reps:
            text += f"、妇女代表{ctx.fig('orgbuild.elected.representatives', f'{reps}名')}"
        text += "。"
        from .selectors import pilot

        first = pilot(user=ctx.user, unit=ctx.unit, start=ctx.period.start, end=ctx.period.end)
        if first is not None and restructures:
            text += pilot_text(first)
        out.append(
            Para(key="orgbuild.elections", area="org", heading="推进妇联组织改革", text=text, order=20)
        )
    adjusted = ctx.value("orgbuild.posts.adjusted")
    if adjusted:
        out.append(
            Para(
                key="orgbuild.posts",
                area="org",
                heading="配齐配强妇联干部",
                text=f"及时调整充实妇联干部队伍，全年共{ctx.fig('orgbuild.posts.adjusted', f'{adjusted}个')}"
                "岗位作了人员调整。",
                order=30,
            )
        )
    homes, new, offices = (
        ctx.value("orgbuild.places.homes"),
        ctx.value("orgbuild.places.new"),
        ctx.value("orgbuild.places.offices_new"),
    )
    if new or homes:
        parts = []
        if new:
            parts.append(f"新落实阵地{ctx.fig('orgbuild.places.new', f'{new}处')}")
            if offices:
                parts[-1] += f"，其中办公室{ctx.fig('orgbuild.places.offices_new', f'{offices}处')}"
        if homes:
            parts.append(f"现有妇女之家{ctx.fig('orgbuild.places.homes', f'{homes}个')}")
        out.append(
            Para(
                key="orgbuild.places",
                area="org",
                heading="加强妇联阵地建设",
                text="加强阵地建设，" + "，".join(parts) + "。",
                order=40,
            )
        )
    trainings = ctx.value("orgbuild.trainings")
    if trainings:
        kinds = [label for k, label in CadreTraining.Kind.choices if ctx.value(f"orgbuild.trainings.{k}")]
        text = (
            f"采取{'、'.join(kinds)}等方式，开展妇联干部培训{ctx.fig('orgbuild.trainings', f'{trainings}期')}"
        )
        trained = ctx.value("orgbuild.trained")
        if trained:
            text += f"，培训妇联干部{ctx.fig('orgbuild.trained', f'{trained}人次')}"
        out.append(
            Para(key="orgbuild.training", area="self", heading="提升妇联干部能力", text=text + "。", order=20)
        )
    return out
