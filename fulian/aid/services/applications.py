"""Applications: submit, change, review, approve (separation of duties), reject, withdraw."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.formatting import money
from fulian.core.scoping import can, require

from ..models import Application, Disbursement, Programme
from ..rules import approval_conflict

if TYPE_CHECKING:
    from fulian.accounts.models import User

from .common import S, _money, _require_programme


def _check_amount(programme: Programme, amount: Decimal) -> None:
    if not programme.min_amount <= amount <= programme.max_amount:
        raise ValidationError(
            {"amount": f"申请金额{money(amount)}元超出本项目每人{programme.range_text}的范围"}
        )


def _check_eligible(programme: Programme, person, on: datetime.date) -> None:
    wanted = list(programme.eligible_categories.all())
    if not wanted:
        return
    carried = person.category_links.filter(category__in=wanted, removed_on__isnull=True, added_on__lte=on)
    if not carried.exists():
        names = "、".join(c.name for c in wanted)
        raise ValidationError({"person": f"{person.name}不属于本项目的救助类别（{names}）"})


def repeat_warning_for(*, programme: Programme, person, on: datetime.date, exclude_pk=None) -> str:
    """The warning text when the person already has aid under a programme of the same name within the
    programme's window (default settings.FULIAN["AID_REPEAT_WINDOW_DAYS"]); empty otherwise."""
    since = on - datetime.timedelta(days=programme.repeat_window)
    paid = (
        Disbursement.objects.filter(
            person=person,
            programme__name=programme.name,
            status=Disbursement.Status.ACTIVE,
            paid_on__gte=since,
        )
        .order_by("-paid_on")
        .first()
    )
    if paid is not None:
        return (
            f"{paid.paid_on:%Y年%m月%d日}已领取过“{paid.programme.name}”{money(paid.amount)}元"
            f"（{programme.repeat_window}天内重复救助）"
        )
    other = (
        Application.objects.filter(
            person=person, programme__name=programme.name, submitted_at__date__gte=since
        )
        .exclude(status__in=[S.REJECTED, S.WITHDRAWN])
        .exclude(pk=exclude_pk)
        .first()
    )
    if other is not None:
        return (
            f"{other.submitted_at:%Y年%m月%d日}已有“{other.programme}”的申请（{other.get_status_display()}）"
        )
    return ""


@transaction.atomic
def application_submit(*, user: User, programme: Programme, person, amount, reason: str = "") -> Application:
    """Propose a registry person for aid. Refuses amounts outside the programme's range and persons
    outside its categories; a second grant under the same programme within the window is flagged."""
    require(user, "aid.apply", person)
    _require_programme(user, "aid.apply", programme)
    if not programme.is_open:
        raise ValidationError({"programme": f"“{programme}”已停止接受申请"})
    amount = _money(amount, "amount")
    _check_amount(programme, amount)
    today = timezone.localdate()
    _check_eligible(programme, person, today)
    if (
        Application.objects.filter(programme=programme, person=person)
        .exclude(status__in=[S.REJECTED, S.WITHDRAWN])
        .exists()
    ):
        raise ValidationError({"person": f"{person.name}在“{programme}”中已有申请，不能重复申请"})
    app = Application(
        programme=programme,
        person=person,
        village_id=person.village_id,
        village_path=person.village_path,
        amount=amount,
        reason=reason,
        submitted_by=user,
        repeat_warning=repeat_warning_for(programme=programme, person=person, on=today)[:200],
    )
    app.full_clean()
    app.save()
    return app


def _transition(app: Application, allowed: set[str], action: str) -> None:
    if app.status not in allowed:
        raise ValidationError(f"该申请当前为“{app.get_status_display()}”，不能{action}")


@transaction.atomic
def application_update(
    *, user: User, application: Application, amount=None, reason: str | None = None
) -> Application:
    """Correct the amount or reason while the application is still under review."""
    require(user, "aid.apply", application)
    _transition(application, {S.SUBMITTED, S.REVIEWED}, "修改")
    if amount is not None:
        application.amount = _money(amount, "amount")
        _check_amount(application.programme, application.amount)
    if reason is not None:
        application.reason = reason
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_review(*, user: User, application: Application, note: str = "") -> Application:
    """初审: the town checks the file and passes it on for approval."""
    require(user, "aid.review", application)
    _transition(application, {S.SUBMITTED}, "审核")
    application.status = S.REVIEWED
    application.reviewed_by, application.reviewed_at = user, timezone.now()
    application.decision_note = note
    application.save()
    return application


def _require_separate(user: User, application: Application) -> None:
    conflict = approval_conflict(user, application)
    if conflict:
        raise ValidationError(conflict)


@transaction.atomic
def application_approve(*, user: User, application: Application, note: str = "") -> Application:
    """Approve: the town for amounts up to the threshold; above it the town's approval passes it to the
    county, whose approval completes it. Never by whoever submitted or reviewed it
    (`rules.approval_conflict`)."""
    _check_amount(application.programme, application.amount)
    if application.status == S.COUNTY:
        require(user, "aid.approve_county", application)
        _require_separate(user, application)
        application.county_approved_by, application.county_approved_at = user, timezone.now()
        application.status = S.APPROVED
    else:
        require(user, "aid.approve", application)
        _transition(application, {S.REVIEWED}, "审批")
        _require_separate(user, application)
        application.town_approved_by, application.town_approved_at = user, timezone.now()
        if application.needs_county and can(user, "aid.approve_county", application):
            # A county user approving directly covers both levels.
            application.county_approved_by, application.county_approved_at = user, timezone.now()
            application.status = S.APPROVED
        else:
            application.status = S.COUNTY if application.needs_county else S.APPROVED
    application.decision_note = note
    application.save()
    return application


@transaction.atomic
def application_reject(*, user: User, application: Application, note: str) -> Application:
    """Refuse an application under review or approval, with the reason."""
    capability = "aid.approve_county" if application.status == S.COUNTY else "aid.review"
    require(user, capability, application)
    _transition(application, {S.SUBMITTED, S.REVIEWED, S.COUNTY}, "退回")
    if not note.strip():
        raise ValidationError({"note": "请填写不通过的理由"})
    application.status, application.decision_note = S.REJECTED, note
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, user: User, application: Application, note: str) -> Application:
    """Withdraw an application that has not been paid (e.g. the person moved away or died)."""
    require(user, "aid.review", application)
    _transition(application, {S.SUBMITTED, S.REVIEWED, S.COUNTY, S.APPROVED, S.NOTICED}, "撤销")
    application.status, application.decision_note = S.WITHDRAWN, note
    application.save()
    return application
