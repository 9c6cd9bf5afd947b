"""Funds, donations received and uses: every amount checked against the fund's balance, which the
database computes (`selectors.balance`); nothing deleted — a cancelled row stays and stops counting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fulian.core.formatting import money
from fulian.core.scoping import can, require
from fulian.orgs.models import OrgUnit

from .. import selectors
from ..models import Donation, DonationItem, Fund, FundUse, Kind, Status, UseDisbursement
from .common import not_future, positive, text

if TYPE_CHECKING:
    from fulian.accounts.models import User

FUNDS = "resources.funds"
DONATION_FIELDS = ("donor_kind", "donor", "purpose", "received_on", "amount")


@transaction.atomic
def fund_create(*, user: User, unit: OrgUnit, name: str, purpose: str = "") -> Fund:
    require(user, FUNDS, unit)
    fund = Fund(unit=unit, unit_path=unit.path, name=text(name, "name", "名称"), purpose=purpose.strip())
    fund.created_by = user
    fund.full_clean()
    fund.save()
    return fund


def _locked(fund: Fund) -> Fund:
    """The fund's row, locked until the end of the transaction: two writes to one fund wait for each
    other, so that the balance each one checks is the balance it leaves."""
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _check_balance(fund: Fund, kind: str, field: str, after_text: str) -> None:
    left = selectors.balance(fund=fund, kind=kind)
    if left < 0:
        label = "资金" if kind == Kind.MONEY else "物资折价"
        raise ValidationError({field: f"{after_text}，{fund.name}的{label}余额将为{money(left)}元，不能透支"})


def _items(items: Iterable[dict]) -> list[DonationItem]:
    rows = []
    for i, item in enumerate(items, start=1):
        row = DonationItem(
            name=text(item.get("name", ""), "items", f"第{i}项物品名称"),
            quantity=Decimal(item.get("quantity") or 0),
            measure=(item.get("measure") or "").strip(),
            unit_value=Decimal(item.get("unit_value") or 0),
        )
        if row.quantity <= 0:
            raise ValidationError({"items": f"第{i}项物品“{row.name}”的数量必须大于0"})
        if row.unit_value < 0:
            raise ValidationError({"items": f"第{i}项物品“{row.name}”的估价不能为负数"})
        rows.append(row)
    return rows


@transaction.atomic
def donation_receive(
    *,
    user: User,
    fund: Fund,
    donor_kind: str,
    donor: str,
    received_on: datetime.date,
    kind: str = Kind.MONEY,
    amount: Decimal | None = None,
    items: Iterable[dict] = (),
    purpose: str = "",
) -> Donation:
    """Money, or goods (with their lines; the value is their sum when lines are given), received into a
    fund, with the unit's next receipt number of the year."""
    require(user, FUNDS, fund)
    not_future(received_on, "received_on", "接收日期")
    lines = _items(items)
    if lines:
        if kind != Kind.GOODS:
            raise ValidationError({"items": "只有物资捐赠才有物品明细"})
        amount = sum((line.value for line in lines), Decimal("0"))
    amount = positive(amount, "amount", "金额/折价")
    # One counter per unit and year: the unit's row is locked while the next number is taken.
    OrgUnit.objects.select_for_update().filter(pk=fund.unit_id).first()
    last = Donation.objects.filter(unit_path=fund.unit_path, receipt_year=received_on.year).aggregate(
        m=Max("receipt_seq")
    )["m"]
    donation = Donation(
        fund=fund,
        unit_path=fund.unit_path,
        donor_kind=donor_kind,
        donor=text(donor, "donor", "捐赠方"),
        kind=kind,
        amount=amount,
        purpose=purpose.strip(),
        received_on=received_on,
        receipt_year=received_on.year,
        receipt_seq=(last or 0) + 1,
        created_by=user,
    )
    donation.full_clean()
    donation.save()
    for line in lines:
        line.donation = donation
        line.full_clean()
        line.save()
    return donation


@transaction.atomic
def donation_update(*, user: User, donation: Donation, **data) -> Donation:
    """Correct a donation (its donor, purpose, date or amount); lowering an amount already spent is
    refused. The receipt number stays."""
    require(user, FUNDS, donation)
    unknown = set(data) - set(DONATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fund = _locked(donation.fund)
    donation = Donation.objects.get(pk=donation.pk)  # the caller's object stays as it was if refused
    if donation.status != Status.ACTIVE:
        raise ValidationError("已作废的捐赠不能修改")
    for key, value in data.items():
        setattr(donation, key, value.strip() if isinstance(value, str) else value)
    if "amount" in data:
        donation.amount = positive(donation.amount, "amount", "金额/折价")
        if donation.items.exists():
            raise ValidationError({"amount": "物资捐赠的折价由物品明细计算，请修改明细"})
    not_future(donation.received_on, "received_on", "接收日期")
    if donation.received_on.year != donation.receipt_year:
        raise ValidationError(
            {"received_on": f"收据{donation.receipt_number}属于{donation.receipt_year}年，不能改到其他年度"}
        )
    donation.full_clean()
    donation.save()
    _check_balance(fund, donation.kind, "amount", f"改为{money(donation.amount)}元后")
    return donation


@transaction.atomic
def donation_cancel(*, user: User, donation: Donation, reason: str) -> Donation:
    require(user, FUNDS, donation)
    fund = _locked(donation.fund)
    donation = Donation.objects.get(pk=donation.pk)
    if donation.status != Status.ACTIVE:
        raise ValidationError("该捐赠已作废")
    donation.status = Status.CANCELLED
    donation.cancel_reason = text(reason, "cancel_reason", "作废原因")
    donation.save(update_fields=["status", "cancel_reason"])
    _check_balance(fund, donation.kind, "cancel_reason", f"作废收据{donation.receipt_number}后")
    return donation


@transaction.atomic
def use_record(
    *,
    user: User,
    fund: Fund,
    target: str,
    recipient: str,
    used_on: datetime.date,
    kind: str = Kind.MONEY,
    amount: Decimal | None = None,
    disbursements: Iterable = (),
    note: str = "",
) -> FundUse:
    """Give money or goods out of a fund. Paying aid disbursements: the use's amount is theirs, and each
    must be an active disbursement of the fund's subtree that the user sees and no other use paid."""
    require(user, FUNDS, fund)
    not_future(used_on, "used_on", "使用日期")
    fund = _locked(fund)
    paid = list(disbursements)
    if target == FundUse.Target.AID:
        amount = _check_disbursements(user, fund, paid)
    elif paid:
        raise ValidationError({"disbursements": "只有去向为“救助发放”的使用才能关联救助发放记录"})
    use = FundUse(
        fund=fund,
        unit_path=fund.unit_path,
        kind=kind,
        target=target,
        recipient=text(recipient, "recipient", "接收方/用途"),
        amount=positive(amount, "amount", "金额/折价"),
        used_on=used_on,
        note=note.strip(),
        created_by=user,
    )
    use.full_clean()
    use.save()
    for d in paid:
        UseDisbursement.objects.create(use=use, disbursement=d, amount=d.amount)
    _check_balance(fund, kind, "amount", f"支出{money(use.amount)}元后")
    return use


def _check_disbursements(user, fund: Fund, paid: list) -> Decimal:
    from fulian.aid.models import Disbursement

    if not paid:
        raise ValidationError({"disbursements": "请选择由这笔捐赠支付的救助发放记录"})
    taken = set(
        UseDisbursement.objects.filter(disbursement__in=paid, active=True).values_list(
            "disbursement", flat=True
        )
    )
    for d in paid:
        if not can(user, "aid.view", d) or not d.village_path.startswith(fund.unit_path):
            raise ValidationError({"disbursements": f"发放记录{d.pk}不在{fund.unit.name}的范围内"})
        if d.status != Disbursement.Status.ACTIVE:
            raise ValidationError({"disbursements": f"发放记录{d.pk}已作废，不能支付"})
        if d.pk in taken:
            raise ValidationError({"disbursements": f"发放记录{d.pk}已由其他捐赠使用支付"})
    return sum((d.amount for d in paid), Decimal("0"))


@transaction.atomic
def use_cancel(*, user: User, use: FundUse, reason: str) -> FundUse:
    """Cancel a use: it stops counting, and the disbursements it paid may be paid by another use."""
    require(user, FUNDS, use)
    _locked(use.fund)
    use = FundUse.objects.get(pk=use.pk)
    if use.status != Status.ACTIVE:
        raise ValidationError("该使用记录已作废")
    use.status = Status.CANCELLED
    use.cancel_reason = text(reason, "cancel_reason", "作废原因")
    use.save(update_fields=["status", "cancel_reason"])
    use.links.update(active=False)
    return use
