"""The employment ledger's share of the annual summary: 巾帼创业就业.

The training and the job-fair paragraphs lead with their most significant record (the training with the
most trainees, the fair with the most job seekers, then the most posts; the earliest on a tie), named
with date, partner, place and numbers, then the year's counts."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from fulian.core.formatting import wan
from fulian.core.scoping import visible
from fulian.core.summary import Para, day_text

FIGURE_META = {
    "employment.trainings": ("技能培训", "期", "count"),
    "employment.trainees": ("培训妇女", "人次", "count"),
    "employment.certified": ("取得证书", "人", "count"),
    "employment.trainees.certified": ("培训后取得证书", "人次", "count"),
    "employment.fairs": ("公益招聘会", "场", "count"),
    "employment.fair_attendees": ("求职人员", "人次", "count"),
    "employment.employers": ("参会企业", "家", "count"),
    "employment.posts": ("提供岗位", "个", "count"),
    "employment.hires": ("达成就业意向", "人", "count"),
    "employment.entrepreneurs": ("妇女创业者", "名", "count"),
    "employment.entrepreneurs.new": ("新增创业", "名", "count"),
    "employment.loans": ("创业贷款", "笔", "count"),
    "employment.loan_amount": ("创业贷款金额", "元", "money"),
    "employment.loans.repaid": ("已还清贷款", "笔", "count"),
}


def _top_training(ctx) -> str:
    from .models import Trainee, Training
    from .selectors import CAP

    t = (
        visible(ctx.user, Training, CAP)
        .filter(unit_path__startswith=ctx.unit.path, started_on__range=(ctx.period.start, ctx.period.end))
        .annotate(n=Count("trainees", filter=Q(trainees__in=visible(ctx.user, Trainee, CAP))))
        .order_by("-n", "started_on", "id")
        .first()
    )
    if t is None or not t.n:
        return ""
    partner = f"联合{t.partner}" if t.partner else ""
    where = f"在{t.place}" if t.place else ""
    return f"{day_text(t.started_on)}，{partner}{where}举办“{t.title}”，{t.n}名妇女参加培训。"


def _top_fair(ctx) -> str:
    from .models import JobFair
    from .selectors import CAP

    f = (
        visible(ctx.user, JobFair, CAP)
        .filter(unit_path__startswith=ctx.unit.path, held_on__range=(ctx.period.start, ctx.period.end))
        .annotate(posts=Sum("employers__posts_offered"), firms=Count("employers"))
        .order_by("-attendees", "-posts", "held_on", "id")
        .first()
    )
    if f is None:
        return ""
    where = f"在{f.place}" if f.place else ""
    parts = [f"{f.attendees}名求职者参会"] if f.attendees else []
    if f.firms:
        parts.append(f"{f.firms}家用人单位提供岗位{f.posts or 0}个")
    return (
        f"“{f.title}”于{day_text(f.held_on)}{where}举行" + (f"，{'，'.join(parts)}" if parts else "") + "。"
    )


def contribute(ctx) -> list[Para]:
    out = []
    trainings = ctx.value("employment.trainings")
    if trainings:
        text = (
            _top_training(ctx)
            + f"深化巾帼创业就业促进行动，全年举办技能培训{ctx.fig('employment.trainings', f'{trainings}期')}"
        )
        trainees = ctx.value("employment.trainees")
        if trainees:
            text += f"，培训妇女{ctx.fig('employment.trainees', f'{trainees}人次')}"
            text += ctx.compare("employment.trainees", "人次")
        cert = ctx.value("employment.certified")
        if cert:
            text += f"，{ctx.fig('employment.certified', f'{cert}人')}取得职业技能证书"
        out.append(
            Para(
                key="employment.training",
                area="employment",
                heading="开展妇女技能培训",
                text=text + "。",
                order=10,
            )
        )
    fairs = ctx.value("employment.fairs")
    if fairs:
        text = _top_fair(ctx) + f"全年举办公益招聘会{ctx.fig('employment.fairs', f'{fairs}场')}"
        for key, word, unit in (
            ("employment.employers", "组织企业", "家"),
            ("employment.posts", "提供就业岗位", "个"),
            ("employment.hires", "达成就业意向", "人"),
        ):
            n = ctx.value(key)
            if n:
                text += f"，{word}{ctx.fig(key, f'{n}{unit}')}"
        out.append(
            Para(
                key="employment.fairs",
                area="employment",
                heading="搭建就业服务平台",
                text=text + "。",
                order=20,
            )
        )
    loans = ctx.value("employment.loans")
    ent = ctx.value("employment.entrepreneurs")
    if loans or ent:
        parts = []
        if ent:
            parts.append(f"扶持妇女创业者{ctx.fig('employment.entrepreneurs', f'{ent}名')}")
        if loans:
            amount = ctx.value("employment.loan_amount")
            parts.append(
                f"协助发放创业贷款{ctx.fig('employment.loans', f'{loans}笔')}、"
                f"{ctx.fig('employment.loan_amount', wan(amount))}"
            )
        out.append(
            Para(
                key="employment.business",
                area="employment",
                heading="支持妇女创业",
                text="，".join(parts) + "。",
                order=30,
            )
        )
    return out
