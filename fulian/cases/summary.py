"""The rights-protection share of the annual summary: counts only, never a case.

A summary is a document that leaves the hands of those who handle the cases (it is read up the tree and
printed), so every count in it goes through the small-count rule whoever generated it: 1–4 reads 不足5件.
A zero is never written at all (neither as 0 nor as 不足5): a category with no case is left out, so the
text never implies work that did not happen.
"""

from __future__ import annotations

from fulian.core.scoping import scope_for
from fulian.core.summary import Para

from .models import Case, ReferralBody
from .selectors import small_count

FIGURE_META = {
    "cases.received": ("受理维权来访来电", "件", "count"),
    "cases.cases": ("维权案件", "件", "count"),
    "cases.consultations": ("维权咨询", "件", "count"),
    "cases.closed": ("办结案件", "件", "count"),
    "cases.open_at_end": ("期末在办案件", "件", "count"),
    "cases.past_deadline": ("超过办理时限的在办案件", "件", "count"),
    "cases.orders.applied": ("协助申请人身安全保护令", "份", "count"),
    "cases.orders.granted": ("法院签发人身安全保护令", "份", "count"),
    "cases.warnings": ("公安出具告诫书", "份", "count"),
    "cases.referrals": ("转介", "次", "count"),
    "cases.days_to_close.avg": ("平均办结天数", "天", "count"),
}


def figure_label(key: str):
    groups = {
        "type": (Case.Type, "{}类维权", "件"),
        "channel": (Case.Channel, "经{}受理", "件"),
        "outcome": (Case.Outcome, "办结结果：{}", "件"),
        "risk": (Case.Risk, "风险等级{}", "件"),
        "satisfaction": (Case.Satisfaction, "当事人评价：{}", "件"),
        "referrals": (ReferralBody.Kind, "转介{}", "次"),
    }
    if key == "cases.risk.none":
        return ("未评估风险", "件", "count")
    parts = key.split(".")
    if len(parts) == 3 and parts[1] in groups:
        choices, pattern, unit = groups[parts[1]]
        label = dict(choices.choices).get(parts[2])
        return (pattern.format(label), unit, "count") if label else None
    return None


def _n(value, unit: str) -> str:
    return f"{small_count(value)}{unit}"


def contribute(ctx) -> list[Para]:
    if not scope_for(ctx.user).covers("cases.stats", ctx.unit.path):
        return []  # counts of cases are for those granted case statistics on this unit only
    received = ctx.value("cases.received")
    if not received:
        return []
    text = f"畅通维权服务渠道，全年共受理妇女儿童维权来访来电{ctx.fig('cases.received', _n(received, '件'))}"
    details = []
    for key, word in (("cases.consultations", "咨询"), ("cases.cases", "案件")):
        v = ctx.value(key)
        if v:
            details.append(f"{word}{ctx.fig(key, _n(v, '件'))}")
    if details:
        text += "，其中" + "、".join(details)
    dv = ctx.value(f"cases.type.{Case.Type.DOMESTIC_VIOLENCE}")
    if dv:
        text += f"，涉及家庭暴力{ctx.fig(f'cases.type.{Case.Type.DOMESTIC_VIOLENCE}', _n(dv, '件'))}"
    closed = ctx.value("cases.closed")
    if closed:
        text += f"；办结{ctx.fig('cases.closed', _n(closed, '件'))}"
    text += "。"
    actions = []
    for key, word, unit in (
        ("cases.orders.applied", "协助申请人身安全保护令", "份"),
        ("cases.warnings", "推动公安机关出具告诫书", "份"),
        ("cases.referrals", "转介相关部门", "次"),
    ):
        v = ctx.value(key)
        if v:
            actions.append(f"{word}{ctx.fig(key, _n(v, unit))}")
    if actions:
        text += "联合公安、法院、司法等部门，" + "，".join(actions) + "，切实维护妇女儿童合法权益。"
    out = [Para(key="cases.overview", area="rights", heading="做好妇女儿童维权工作", text=text, order=10)]
    still_open = ctx.value("cases.open_at_end")
    if still_open:  # a zero is never written; 1–4 read 不足5件, which is then true
        text = f"维权案件办理还需提速，期末仍有{ctx.fig('cases.open_at_end', _n(still_open, '件'))}案件未办结"
        late = ctx.value("cases.past_deadline")
        if late:  # only when some case is past a deadline: the text never claims one that is not
            text += (
                f"，其中{ctx.fig('cases.past_deadline', _n(late, '件'))}已超过办理时限"
                "（保护令裁定或约定回访逾期），须督促跟进"
            )
        out.append(Para(key="cases.open", area="problems", text=text + "。"))
    return out
