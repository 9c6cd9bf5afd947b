"""Pages of the SMS platform: compose, preview, send now or at a time, per-recipient status; the gateways'
signed callbacks (receipts, replies). Phones are shown masked everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.masking import mask_mobile
from fulian.core.scoping import can, get_visible_or_404, policy, public, scope_for
from fulian.core.viewhelpers import form_page, page_of, pressed, submitted

from . import callbacks, forms, selectors, services
from .models import Message


@policy("sms.view")
def message_list(request: HttpRequest) -> HttpResponse:
    services.dispatch_due()
    page = page_of(request, selectors.message_list_visible_to(user=request.user))
    return render(
        request, "sms/message_list.html", {"page": page, "may_send": scope_for(request.user).has("sms.send")}
    )


@policy("sms.send")
def message_compose(request: HttpRequest) -> HttpResponse:
    form = forms.ComposeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            message = services.message_compose(user=request.user, **data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, "短信已保存为草稿，请核对预览后发送")
            return redirect("sms:message_detail", pk=message.pk)
    return form_page(request, form, "编写短信")


def _progress_context(request: HttpRequest, message: Message) -> dict:
    """The progress block's context (sms/_progress.html): counts, the page of recipients (phones
    masked), and whether the page should keep asking (only while the message is being sent)."""
    page = page_of(request, selectors.deliveries_of(user=request.user, message=message))
    return {
        "message": message,
        "progress": selectors.progress(message),
        "page": page,
        "rows": [(d, mask_mobile(d.phone)) for d in page],
        "polling": message.status == Message.Status.SENDING,
    }


@policy("sms.view")
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_visible_or_404(request.user, Message.objects.select_related("unit"), "sms.view", pk=pk)
    preview, invalid = services.preview(message) if message.status == Message.Status.DRAFT else (None, 0)
    return render(
        request,
        "sms/message_detail.html",
        {
            **_progress_context(request, message),
            "preview": preview,
            "invalid": invalid,
            "send_form": forms.SendForm(),
            "may_send": can(request.user, "sms.send", message),
        },
    )


@policy("sms.view")
def message_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, which the detail page asks for every 2 s while the message is being sent
    (htmx); once it is no longer sending the block comes back without its trigger and the asking stops.
    API twin: `/api/v1/sms/messages/{id}/` (its `progress`) and `…/{id}/deliveries/`."""
    message = get_visible_or_404(request.user, Message, "sms.view", pk=pk)
    return render(request, "sms/_progress.html", _progress_context(request, message))


def _sent(message: Message) -> str:
    if message.status == Message.Status.SCHEDULED:
        return f"已安排在 {timezone.localtime(message.scheduled_at).strftime('%Y-%m-%d %H:%M')} 发送"
    return "已开始发送"


@require_POST
@policy("sms.send")
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_visible_or_404(request.user, Message, "sms.view", pk=pk)
    form = forms.SendForm(request.POST)
    pressed(
        request,
        lambda: services.message_send(
            user=request.user, message=message, at=form.cleaned_data["scheduled_at"]
        ),
        form=form,
        success=_sent,
    )
    return redirect("sms:message_detail", pk=pk)


@require_POST
@policy("sms.send")
def message_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_visible_or_404(request.user, Message, "sms.view", pk=pk)
    pressed(request, lambda: services.message_cancel(user=request.user, message=message), success="已取消")
    return redirect("sms:message_detail", pk=pk)


@policy("sms.view")
def template_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.template_list_visible_to(user=request.user))
    lists = selectors.saved_list_visible_to(user=request.user)
    return render(
        request,
        "sms/template_list.html",
        {"page": page, "lists": lists, "may_send": scope_for(request.user).has("sms.send")},
    )


def _create(request: HttpRequest, form_class, service, title: str, done: str) -> HttpResponse:
    form = form_class(request.POST or None, user=request.user)
    if submitted(request, form, lambda data: service(user=request.user, **data), success=done):
        return redirect("sms:template_list")
    return form_page(request, form, title)


@policy("sms.send")
def template_create(request: HttpRequest) -> HttpResponse:
    return _create(request, forms.TemplateForm, services.template_create, "新建短信模板", "模板已保存")


@policy("sms.send")
def saved_list_create(request: HttpRequest) -> HttpResponse:
    return _create(request, forms.SavedListForm, services.saved_list_create, "新建短信名单", "名单已保存")


@policy("sms.send")
def optout_create(request: HttpRequest) -> HttpResponse:
    form = forms.OptOutForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.optout_add(phone=data["phone"], source="工作人员登记"),
        success=lambda _: f"{mask_mobile(form.cleaned_data['phone'])} 已退订，今后不再发送",
    ):
        return redirect("sms:template_list")
    return form_page(request, form, "登记退订")


def _verified(request: HttpRequest) -> bool:
    return callbacks.verified(
        request.body, request.headers.get("X-Sms-Timestamp", ""), request.headers.get("X-Sms-Signature", "")
    )


@public
@csrf_exempt
@require_POST
def receipt_callback(request: HttpRequest, provider: str) -> HttpResponse:
    """Delivery receipts (状态报告) from a gateway; signed (callbacks.py)."""
    if provider not in ("aliyun", "tencent") or not _verified(request):
        return HttpResponseForbidden("签名无效")
    try:
        items = callbacks.receipts_of(provider, request.body)
    except (ValueError, AttributeError):
        return JsonResponse({"code": 1, "msg": "格式错误"}, status=400)
    applied = sum(services.receipt_apply(**item) for item in items)
    return JsonResponse({"code": 0, "msg": "成功", "applied": applied})


@public
@csrf_exempt
@require_POST
def reply_callback(request: HttpRequest) -> HttpResponse:
    """Replies (上行短信): TD/退订 opts the phone out; signed (callbacks.py)."""
    if not _verified(request):
        return HttpResponseForbidden("签名无效")
    try:
        items = callbacks.replies_of(request.body)
    except (ValueError, AttributeError):
        return JsonResponse({"code": 1, "msg": "格式错误"}, status=400)
    done = 0
    for phone, content in items:
        try:
            done += services.reply_received(phone=phone, content=content)
        except ValidationError:
            continue
    return JsonResponse({"code": 0, "msg": "成功", "opted_out": done})
