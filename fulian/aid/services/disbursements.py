"""Disbursements of approved aid: record, change, cancel, attach the signed receipt."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from fulian.core.formatting import money
from fulian.core.scoping import require
from fulian.core.uploads import SCAN_EXTENSIONS, validate_upload

from ..models import Application, Disbursement, DisbursementItem, Objection

if TYPE_CHECKING:
    from fulian.accounts.models import User

from .common import S, _money


def _paid_total(application: Application, exclude_pk=None) -> Decimal:
    qs = application.disbursements.filter(status=Disbursement.Status.ACTIVE).exclude(pk=exclude_pk)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def _check_total(application: Application, amount: Decimal, exclude_pk=None) -> None:
    paid = _paid_total(application, exclude_pk)
    if paid + amount > application.amount:
        raise ValidationError(
            {"amount": f"发放合计{money(paid + amount)}元超过批准金额{money(application.amount)}元"}
        )


@transaction.atomic
def disbursement_create(
    *,
    user: User,
    application: Application,
    kind: str = Disbursement.Kind.CASH,
    amount=None,
    items: Iterable[dict] = (),
    paid_on: datetime.date | None = None,
    method: str = "",
    note: str = "",
    receipt=None,
    receipt_signed_on: datetime.date | None = None,
) -> Disbursement:
    """Hand aid over: only for an approved application whose notice period has ended without an open
    objection; in kind the amount is the value of the items; the total never exceeds the approval."""
    application = (
        # Lock only the application row: PostgreSQL refuses FOR UPDATE on the nullable side of the join.
        Application.objects.select_for_update(of=("self",))
        .select_related("programme", "notice")
        .get(pk=application.pk)
    )
    require(user, "aid.disburse", application)
    if application.objections.filter(status=Objection.Status.OPEN).exists():
        raise ValidationError("该申请有待处理的公示异议，不能发放")
    items = [dict(i) for i in items if i.get("name")]
    if kind == Disbursement.Kind.IN_KIND:
        if not items:
            raise ValidationError({"items": "实物发放须填写物品明细"})
        amount = sum(
            (_money(i["unit_value"], "items") * int(i.get("quantity") or 1) for i in items), Decimal(0)
        )
    if amount is None:
        raise ValidationError({"amount": "请填写发放金额"})
    d = Disbursement(
        application=application,
        programme=application.programme,
        person_id=application.person_id,
        village_path=application.village_path,
        kind=kind,
        amount=_money(amount, "amount"),
        paid_on=paid_on or timezone.localdate(),
        method=method,
        note=note,
        receipt_signed_on=receipt_signed_on,
        created_by=user,
    )
    d.full_clean(exclude=["receipt_scan"])
    _check_total(application, d.amount)
    d.save()
    for i in items:
        item = DisbursementItem(
            disbursement=d,
            name=i["name"],
            quantity=int(i.get("quantity") or 1),
            unit=i.get("unit", ""),
            unit_value=_money(i["unit_value"], "items"),
        )
        item.full_clean()
        item.save()
    if receipt is not None:
        receipt_attach(user=user, disbursement=d, upload=receipt, signed_on=receipt_signed_on)
    if application.status != S.DISBURSED:
        application.status = S.DISBURSED
        application.save()
    return d


@transaction.atomic
def disbursement_update(
    *, user: User, disbursement: Disbursement, amount=None, paid_on=None, method=None, note=None
) -> Disbursement:
    """Correct a cash disbursement (amount, date, method, note); the total stays within the approval."""
    require(user, "aid.disburse", disbursement)
    if disbursement.status != Disbursement.Status.ACTIVE:
        raise ValidationError("已作废的发放记录不能修改")
    if amount is not None:
        if disbursement.kind == Disbursement.Kind.IN_KIND:
            raise ValidationError({"amount": "实物发放的金额由物品明细计算"})
        disbursement.amount = _money(amount, "amount")
        _check_total(disbursement.application, disbursement.amount, exclude_pk=disbursement.pk)
    for name, value in {"paid_on": paid_on, "method": method, "note": note}.items():
        if value is not None:
            setattr(disbursement, name, value)
    disbursement.full_clean(exclude=["receipt_scan"])
    disbursement.save()
    return disbursement


@transaction.atomic
def disbursement_cancel(*, user: User, disbursement: Disbursement, reason: str) -> Disbursement:
    """Cancel a disbursement (kept, no longer counted); the application returns to 公示中 if nothing
    else was paid under it."""
    require(user, "aid.disburse", disbursement)
    if disbursement.status == Disbursement.Status.CANCELLED:
        raise ValidationError("该发放记录已作废")
    if not reason.strip():
        raise ValidationError({"cancel_reason": "请填写作废原因"})
    disbursement.status, disbursement.cancel_reason = Disbursement.Status.CANCELLED, reason
    disbursement.save()
    app = disbursement.application
    if not app.disbursements.filter(status=Disbursement.Status.ACTIVE).exists():
        app.status = S.NOTICED
        app.save()
    return disbursement


@transaction.atomic
def receipt_attach(
    *, user: User, disbursement: Disbursement, upload, signed_on: datetime.date | None = None
) -> Disbursement:
    """Store the scan of the signed receipt (签收单): jpg, png or pdf within the size limit."""
    require(user, "aid.disburse", disbursement)
    validate_upload(upload, extensions=SCAN_EXTENSIONS, label="签收单")
    if disbursement.receipt_scan:
        disbursement.receipt_scan.delete(save=False)
    disbursement.receipt_scan.save(upload.name, upload, save=False)
    disbursement.receipt_signed_on = signed_on or disbursement.receipt_signed_on or disbursement.paid_on
    disbursement.save()
    return disbursement
