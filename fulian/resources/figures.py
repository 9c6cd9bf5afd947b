"""The records behind each figure of resources, projects and services (fulian/core/traces.py): read with
the very conditions the figures count (`selectors.families`). Services handled for a protected party of
domestic violence are counted but never listed: they are the trace's `hidden` rows."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Donation, FundUse, Pairing, Project, ServiceKind, ServiceRecord

VIEW = selectors.VIEW
UNMASK = "people.unmask"

_COLUMNS = {
    Donation: (
        Column("接收日期", lambda d: d.received_on),
        Column("捐赠方", lambda d: d.donor),
        Column("账户", lambda d: d.fund.name),
        Column("类别", lambda d: d.get_kind_display()),
        Column("金额/折价(元)", lambda d: d.amount),
        Column("收据编号", lambda d: d.receipt_number),
    ),
    FundUse: (
        Column("使用日期", lambda u: u.used_on),
        Column("账户", lambda u: u.fund.name),
        Column("去向", lambda u: u.get_target_display()),
        Column("接收方/用途", lambda u: u.recipient),
        Column("金额/折价(元)", lambda u: u.amount),
    ),
    ServiceRecord: (
        Column("办理日期", lambda s: s.handled_on),
        person("姓名", lambda s: s.person.name, unmask=UNMASK, path="village_path"),
        Column("服务类别", lambda s: s.kind.name),
        Column("办理结果", lambda s: s.get_outcome_display()),
    ),
    Project: (
        Column("名称", lambda p: p.name),
        Column("类别", lambda p: p.get_type_display()),
        Column("阶段", lambda p: p.get_stage_display()),
        Column("申报日期", lambda p: p.proposed_on),
    ),
    Pairing: (
        Column("结对双方", lambda p: str(p)),
        Column("类别", lambda p: p.get_type_display()),
        Column("开始日期", lambda p: p.started_on),
    ),
}
_TITLES = {
    Donation: "捐赠收入",
    FundUse: "捐赠使用",
    ServiceRecord: "代办服务",
    Project: "项目与基地",
    Pairing: "结对共建",
}
_RELATED = {
    Donation: ("fund",),
    FundUse: ("fund",),
    ServiceRecord: ("person", "kind"),
    Project: (),
    Pairing: (),
}


def _url(model):
    if model in (Donation, FundUse):
        return lambda r: reverse("resources:fund", args=[r.fund_id])
    if model is Project:
        return lambda p: reverse("resources:project", args=[p.pk])
    if model is Pairing:
        return lambda p: reverse("resources:pairing", args=[p.pk])
    return None


def _measure(aggregate) -> str:
    if isinstance(aggregate, Sum):
        return "sum:amount"
    if isinstance(aggregate, Count) and aggregate.distinct:
        return "distinct:person"
    return "count"


def records(key: str, *, user, unit, start, end) -> Trace | None:
    for model, path_field, where, metrics in selectors.families(start, end):
        aggregate = metrics.get(key)
        if aggregate is None:
            continue
        rows = (
            subtree_rows(user, model, VIEW, unit)
            .filter(**{f"{path_field}__startswith": unit.path})
            .filter(where & (aggregate.filter or Q()))
        )
        measure = _measure(aggregate)
        hidden = 0
        if model is ServiceRecord:
            kept_out = rows.filter(selectors.protected_q())
            hidden = kept_out.aggregate(
                n=Count("person", distinct=True) if measure != "count" else Count("id")
            )["n"]
            rows = rows.exclude(selectors.protected_q())
        rows = rows.select_related(*_RELATED[model]).order_by(path_field, "id")
        return Trace(key, [Part(_TITLES[model], rows, _COLUMNS[model], measure, _url(model))], hidden=hidden)
    return None


PAID_COLUMNS = (
    Column("支出日期", lambda link: link.use.used_on),
    Column("救助项目", lambda link: link.disbursement.programme.name),
    person(
        "领取人", lambda link: link.disbursement.person.name, unmask=UNMASK, path="disbursement.village_path"
    ),
    Column("发放日期", lambda link: link.disbursement.paid_on),
    Column("金额(元)", lambda link: link.amount),
)


def fund_trace(*, user, fund) -> Trace:
    """Where a fund's donations went in aid: the disbursements its counted uses paid and who received
    them, names masked unless the user may unmask on the recipient's village."""
    rows = selectors.paid_disbursements(user=user, fund=fund)
    return Trace(
        f"resources.fund.{fund.pk}",
        [Part("捐赠支付的救助发放", rows, PAID_COLUMNS, "sum:amount", lambda link: _aid_url(link))],
    )


def _aid_url(link) -> str:
    return reverse("aid:application", args=[link.disbursement.application_id])


def figure_label(key: str):
    """Labels of the per-kind counts of services (kinds are data); every other key as FIGURE_META."""
    prefix = "resources.services.kind."
    if key.startswith(prefix):
        kind = ServiceKind.objects.filter(code=key.removeprefix(prefix)).first()
        return (f"代办{kind.name}", "件", "count") if kind else None
    return None
