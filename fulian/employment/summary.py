"""The employment ledger's share of the annual summary: 巾帼创业就业."""

from __future__ import annotations

from fulian.core.formatting import wan
from fulian.core.summary import Para

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


def contribute(ctx) -> list[Para]:
    out = []
    trainings = ctx.value("employment.trainings")
    if trainings:
        text = f"深化巾帼创业就业促进行动，举办技能培训{ctx.fig('employment.trainings', f'{trainings}期')}"
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
        text = f"举办“春风行动”等公益招聘会{ctx.fig('employment.fairs', f'{fairs}场')}"
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
