"""Aid pages: programmes with totals, applications and their workflow, public notices (internal,
printable and public by link), objections, disbursements with receipts."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core import publicnotice
from fulian.core.forms import errors_onto_form
from fulian.core.models import AccessLog
from fulian.core.scoping import can, get_visible_or_404, policy, public, require, scope_for, visible
from fulian.core.services import access_log_write
from fulian.core.viewhelpers import pressed, submitted

from . import selectors, services
from .forms import (
    ApplicationForm,
    CancelForm,
    DecisionForm,
    DisbursementEditForm,
    DisbursementForm,
    NoticeForm,
    ObjectionForm,
    PersonSearchForm,
    ProgrammeForm,
    ReceiptForm,
)
from .models import Application, Disbursement, Notice, Objection, Programme
from .rules import approval_conflict

S = Application.Status


# --- programmes -----------------------------------------------------------------------------------


@policy("aid.view")
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(selectors.programme_list(user=request.user))
    return render(
        request,
        "aid/programme_list.html",
        {
            "programmes": programmes,
            "can_create": scope_for(request.user).has("aid.programme_change"),
            "can_apply": scope_for(request.user).has("aid.apply"),
        },
    )


@policy("aid.programme_change")
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_open", None)
        try:
            programme = services.programme_create(user=request.user, **data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, f"已创建救助项目“{programme}”")
            return redirect("aid:programme", pk=programme.pk)
    return render(request, "aid/programme_form.html", {"form": form, "title": "新建救助项目"})


@policy("aid.programme_change")
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(request.user, Programme, "aid.view", pk=pk)
    require(request.user, "aid.programme_change", programme)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit", None)
        cats = data.pop("eligible_categories")
        try:
            services.programme_update(
                user=request.user, programme=programme, eligible_categories=cats, **data
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("aid:programme", pk=programme.pk)
    return render(request, "aid/programme_form.html", {"form": form, "title": f"修改 {programme}"})


@policy("aid.view")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(
        request.user, selectors.programme_list(user=request.user), "aid.view", pk=pk
    )
    status = request.GET.get("status", "")
    apps = selectors.application_list(
        user=request.user, filters=selectors.ApplicationFilters(programme=programme, status=status)
    )
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    notices = visible(request.user, Notice, "aid.view").filter(programme=programme)
    scope = scope_for(request.user)
    return render(
        request,
        "aid/programme_detail.html",
        {
            "programme": programme,
            "page": page,
            "status": status,
            "statuses": S.choices,
            "notices": notices,
            "remaining": programme.budget - programme.disbursed,
            "can_apply": scope.has("aid.apply") and programme.is_open,
            "can_notice": scope.has("aid.notice"),
            "can_edit": can(request.user, "aid.programme_change", programme),
        },
    )


# --- applications ---------------------------------------------------------------------------------


@policy("aid.apply")
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    from fulian.people.models import Person

    programme = get_visible_or_404(request.user, Programme, "aid.apply", pk=pk)
    person = None
    if request.GET.get("person") or request.POST.get("person"):
        person = get_visible_or_404(
            request.user, Person, "aid.apply", pk=request.GET.get("person") or request.POST.get("person")
        )
    search = PersonSearchForm(request.GET or None)
    found = []
    if person is None and search.is_valid() and search.cleaned_data["q"]:
        found = list(
            visible(request.user, Person, "aid.apply")
            .filter(name__contains=search.cleaned_data["q"])
            .select_related("village")
            .order_by("name_pinyin")[:30]
        )
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and person is not None and form.is_valid():
        try:
            app = services.application_submit(
                user=request.user,
                programme=programme,
                person=person,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, f"已为{person.name}提交申请")
            if app.repeat_warning:
                messages.warning(request, f"重复救助提醒：{app.repeat_warning}")
            return redirect("aid:programme", pk=programme.pk)
    return render(
        request,
        "aid/application_form.html",
        {"programme": programme, "person": person, "search": search, "found": found, "form": form},
    )


@policy("aid.view")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_visible_or_404(
        request.user,
        Application.objects.select_related("programme", "person", "village", "notice"),
        "aid.view",
        pk=pk,
    )
    u = request.user
    may_approve = (app.status == S.REVIEWED and can(u, "aid.approve", app)) or (
        app.status == S.COUNTY and can(u, "aid.approve_county", app)
    )
    conflict = approval_conflict(u, app)
    disbursements = app.disbursements.prefetch_related("items").order_by("paid_on", "id")
    return render(
        request,
        "aid/application_detail.html",
        {
            "app": app,
            "disbursements": disbursements,
            "objections": app.objections.all(),
            "decision_form": DecisionForm(),
            "disbursement_form": DisbursementForm(
                initial={"paid_on": timezone.localdate(), "amount": app.amount}
            ),
            "can_review": app.status == S.SUBMITTED and can(u, "aid.review", app),
            "can_approve": may_approve and not conflict,
            "approval_conflict": conflict if may_approve else "",
            "can_withdraw": app.status in {S.SUBMITTED, S.REVIEWED, S.COUNTY, S.APPROVED, S.NOTICED}
            and can(u, "aid.review", app),
            "can_disburse": app.status in {S.NOTICED, S.DISBURSED} and can(u, "aid.disburse", app),
            "notice_over": bool(app.notice and app.notice.period_over),
            # A village chair sees her village's application, not always the town's notice page.
            "notice_link": bool(app.notice and can(u, "aid.view", app.notice)),
        },
    )


@policy("aid.view")
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = get_visible_or_404(request.user, Application.objects.select_related("programme"), "aid.view", pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    handlers = {
        "review": (services.application_review, "已审核，待审批"),
        "approve": (services.application_approve, None),
        "reject": (services.application_reject, "已退回（不通过）"),
        "withdraw": (services.application_withdraw, "已撤销申请"),
    }
    if action not in handlers:
        raise Http404("未知操作")
    fn, done = handlers[action]
    pressed(
        request,
        lambda: fn(user=request.user, application=app, note=note),
        success=lambda app: done or f"已审批：{app.get_status_display()}",
    )
    return redirect("aid:application", pk=pk)


@policy("aid.view")
def application_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    apps = selectors.application_list(
        user=request.user, filters=selectors.ApplicationFilters(status=status, q=q)
    )
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    return render(
        request, "aid/application_list.html", {"page": page, "status": status, "q": q, "statuses": S.choices}
    )


# --- disbursements --------------------------------------------------------------------------------


@policy("aid.disburse")
@require_POST
def disbursement_create(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_visible_or_404(request.user, Application, "aid.view", pk=pk)
    require(request.user, "aid.disburse", app)
    form = DisbursementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()))
        return redirect("aid:application", pk=pk)
    d = form.cleaned_data
    pressed(
        request,
        lambda: services.disbursement_create(
            user=request.user,
            application=app,
            kind=d["kind"],
            amount=d["amount"],
            items=form.items(),
            paid_on=d["paid_on"],
            method=d["method"],
            note=d["note"],
            receipt=d["receipt"],
            receipt_signed_on=d["receipt_signed_on"],
        ),
        success="已登记发放",
    )
    return redirect("aid:application", pk=pk)


def _disbursement(request, pk) -> Disbursement:
    d = get_visible_or_404(
        request.user, Disbursement.objects.select_related("application"), "aid.view", pk=pk
    )
    require(request.user, "aid.disburse", d)
    return d


@policy("aid.disburse")
@require_POST
def disbursement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    d = _disbursement(request, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    pressed(
        request,
        lambda: services.disbursement_cancel(user=request.user, disbursement=d, reason=reason),
        success="已作废该发放记录",
    )
    return redirect("aid:application", pk=d.application_id)


@policy("aid.disburse")
@require_POST
def disbursement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    d = _disbursement(request, pk)
    form = DisbursementEditForm(request.POST)
    pressed(
        request,
        lambda: services.disbursement_update(user=request.user, disbursement=d, **form.cleaned_data),
        form=form,
        success="已修改发放记录",
        invalid="请填写金额和发放日期",
    )
    return redirect("aid:application", pk=d.application_id)


@policy("aid.disburse")
@require_POST
def receipt_upload(request: HttpRequest, pk: int) -> HttpResponse:
    d = _disbursement(request, pk)
    form = ReceiptForm(request.POST, request.FILES)
    pressed(
        request,
        lambda: services.receipt_attach(
            user=request.user,
            disbursement=d,
            upload=form.cleaned_data["receipt"],
            signed_on=form.cleaned_data["receipt_signed_on"],
        ),
        form=form,
        success="已上传签收单",
        invalid="请选择签收单扫描件",
    )
    return redirect("aid:application", pk=d.application_id)


@policy("aid.view")
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    d = get_visible_or_404(request.user, Disbursement, "aid.view", pk=pk)
    if not d.receipt_scan:
        raise Http404("没有签收单")
    access_log_write(user=request.user, action=AccessLog.Action.VIEW, target=d, detail="查看签收单")
    return FileResponse(d.receipt_scan.open("rb"), filename=d.receipt_scan.name.rsplit("/", 1)[-1])


# --- notices --------------------------------------------------------------------------------------


@policy("aid.notice")
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_visible_or_404(request.user, Programme, "aid.notice", pk=pk)
    form = NoticeForm(
        request.POST or None,
        user=request.user,
        programme=programme,
        initial={"start_date": timezone.localdate()},
    )
    if written := submitted(
        request,
        form,
        lambda data: services.notice_create(user=request.user, programme=programme, **data),
        success="已生成公示草稿，核对后请发布",
    ):
        notice = written.value
        return redirect("aid:notice", pk=notice.pk)
    return render(request, "aid/notice_form.html", {"form": form, "programme": programme})


@policy("aid.view")
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(
        request.user, Notice.objects.select_related("programme", "unit"), "aid.view", pk=pk
    )
    return render(
        request,
        "aid/notice_detail.html",
        publicnotice.detail_context(
            request,
            notice,
            rows=selectors.notice_rows(notice),
            layout=selectors.notice_layout(notice),
            objections=notice.objections.select_related("application__person"),
            objection_form=ObjectionForm(notice=notice, initial={"received_on": timezone.localdate()}),
            resolve_form=publicnotice.ResolveForm(),
            can_notice=can(request.user, "aid.notice", notice),
            public_url_name="aid:notice_public",
        ),
    )


@policy("aid.notice")
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(request.user, Notice, "aid.view", pk=pk)
    pressed(request, lambda: services.notice_publish(user=request.user, notice=notice), success="公示已发布")
    return redirect("aid:notice", pk=pk)


@policy("aid.view")
def notice_print(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(
        request.user, Notice.objects.select_related("programme", "unit"), "aid.view", pk=pk
    )
    access_log_write(user=request.user, action=AccessLog.Action.PRINT, target=notice, unit=notice.unit)
    return publicnotice.notice_page(
        request,
        notice,
        rows=selectors.notice_rows(notice),
        layout=selectors.notice_layout(notice),
        public=False,
    )


@public
def notice_public(request: HttpRequest, token: str) -> HttpResponse:
    notice = publicnotice.public_notice_or_404(Notice.objects.select_related("programme", "unit"), token)
    return publicnotice.notice_page(
        request,
        notice,
        rows=selectors.notice_rows(notice),
        layout=selectors.notice_layout(notice),
        public=True,
    )


@policy("aid.notice")
@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(request.user, Notice, "aid.view", pk=pk)
    record = partial(services.objection_record, user=request.user, notice=notice)
    publicnotice.objection_pressed(request, ObjectionForm(request.POST, notice=notice), record)
    return redirect("aid:notice", pk=pk)


@policy("aid.notice")
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_visible_or_404(
        request.user, Objection.objects.select_related("notice"), "aid.view", pk=pk
    )
    resolve = partial(services.objection_resolve, user=request.user, objection=objection)
    publicnotice.resolution_pressed(request, publicnotice.ResolveForm(request.POST), resolve)
    return redirect("aid:notice", pk=objection.notice_id)
