"""Every write of the aid workflow. Keyword-only, atomic, validated; each transition checks the
caller's capability on the record (scoping policy) and is audited by django-auditlog."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from fulian.core.formatting import money, to_money
from fulian.core.scoping import can, require, scope_for
from fulian.core.uploads import SCAN_EXTENSIONS, validate_upload

from .models import Application, Disbursement, DisbursementItem, Notice, Objection, Programme
from .rules import READ_FROM_BELOW, approval_conflict

if TYPE_CHECKING:
    from fulian.accounts.models import User

S = Application.Status


def _money(value, field: str) -> Decimal:
    try:
        return to_money(value)
    except ValueError as exc:
        raise ValidationError({field: "金额格式不正确"}) from exc


def _require_programme(user: User, capability: str, programme: Programme) -> None:
    """Works on unsaved programmes too (the scope rule's logic, without a query)."""
    scope = scope_for(user)
    if scope.covers(capability, programme.unit_path):
        return
    if capability in READ_FROM_BELOW and any(
        p.startswith(programme.unit_path) for p in scope.paths(capability)
    ):
        return
    raise PermissionDenied("您的角色无权执行此操作")


# --- programmes -----------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    user: User,
    unit,
    code: str,
    name: str,
    year: int,
    budget,
    min_amount,
    max_amount,
    form: str = Programme.Form.CASH,
    county_threshold=None,
    eligible_categories: Iterable = (),
    repeat_window_days: int | None = None,
    description: str = "",
) -> Programme:
    """Create a programme owned by a unit in the user's scope."""
    programme = Programme(
        unit=unit,
        unit_path=unit.path,
        code=code,
        name=name.strip(),
        year=year,
        form=form,
        budget=_money(budget, "budget"),
        min_amount=_money(min_amount, "min_amount"),
        max_amount=_money(max_amount, "max_amount"),
        county_threshold=None
        if county_threshold in (None, "")
        else _money(county_threshold, "county_threshold"),
        repeat_window_days=repeat_window_days,
        description=description,
    )
    _require_programme(user, "aid.programme_change", programme)
    programme.full_clean()
    programme.save()
    programme.eligible_categories.set(list(eligible_categories))
    return programme


@transaction.atomic
def programme_update(*, user: User, programme: Programme, eligible_categories=None, **fields) -> Programme:
    """Change a programme's fields (not its unit)."""
    _require_programme(user, "aid.programme_change", programme)
    for name, value in fields.items():
        if name in {"budget", "min_amount", "max_amount"}:
            value = _money(value, name)
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if eligible_categories is not None:
        programme.eligible_categories.set(list(eligible_categories))
    return programme


# --- applications ---------------------------------------------------------------------------------


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


# --- public notice and objections -----------------------------------------------------------------


def objection_days() -> int:
    return int(getattr(settings, "FULIAN", {}).get("AID_OBJECTION_DAYS", 7))


@transaction.atomic
def notice_create(
    *,
    user: User,
    programme: Programme,
    unit,
    applications: Iterable[Application],
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    body: str = "",
    contact: str = "",
) -> Notice:
    """Draft a public notice listing approved applications of one programme within the unit."""
    start = start_date or timezone.localdate()
    notice = Notice(
        programme=programme,
        unit=unit,
        unit_path=unit.path,
        title=title or f"{unit.name}{programme}拟救助对象公示",
        body=body,
        start_date=start,
        end_date=end_date or start + datetime.timedelta(days=objection_days()),
        contact=contact,
        created_by=user,
    )
    require(user, "aid.notice", notice)
    notice.full_clean()
    notice.save()
    apps = list(applications)
    if not apps:
        raise ValidationError({"applications": "请至少选择一条已审批的申请"})
    for app in apps:
        if app.programme_id != programme.pk or app.status != S.APPROVED or app.notice_id:
            raise ValidationError({"applications": f"{app.person.name}的申请不是本项目待公示的已审批申请"})
        if not app.village_path.startswith(unit.path):
            raise ValidationError({"applications": f"{app.person.name}不在{unit.name}范围内"})
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(notice=notice)
    for app in apps:
        app.notice = notice
    return notice


@transaction.atomic
def notice_publish(*, user: User, notice: Notice) -> Notice:
    """Publish: the listed applications enter the objection period (公示中)."""
    require(user, "aid.notice", notice)
    if notice.status != Notice.Status.DRAFT:
        raise ValidationError("该公示已发布")
    notice.status = Notice.Status.PUBLISHED
    notice.save()
    for app in notice.applications.filter(status=S.APPROVED):
        app.status = S.NOTICED
        app.save()
    return notice


@transaction.atomic
def objection_record(
    *,
    user: User,
    notice: Notice,
    content: str,
    application: Application | None = None,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> Objection:
    """Record an objection received during the notice period."""
    require(user, "aid.notice", notice)
    if notice.status != Notice.Status.PUBLISHED:
        raise ValidationError("公示尚未发布")
    if application is not None and application.notice_id != notice.pk:
        raise ValidationError({"application": "所选申请不在本公示中"})
    obj = Objection(
        notice=notice,
        application=application,
        content=content,
        raised_by=raised_by,
        received_on=received_on or timezone.localdate(),
    )
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def objection_resolve(*, user: User, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Resolve an objection after checking; an upheld one withdraws the application it concerns."""
    require(user, "aid.notice", objection.notice)
    if objection.status != Objection.Status.OPEN:
        raise ValidationError("该异议已处理")
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写核查与处理情况"})
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, user, timezone.now()
    objection.save()
    app = objection.application
    if upheld and app is not None:
        if app.disbursements.filter(status=Disbursement.Status.ACTIVE).exists():
            raise ValidationError("该申请已发放，请先作废发放记录")
        app.status, app.decision_note = S.WITHDRAWN, f"公示异议成立：{resolution}"[:200]
        app.save()
    return objection


# --- disbursements --------------------------------------------------------------------------------


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
