"""Pages of the in-app notices (通知): the inbox, composing, a notice with its receipts, sign-up and
attendance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import page_of, pressed, submitted

from .. import forms, selectors, services
from ..models import Notice

SEND, READ = "office.notice_send", "office.notice_read"


@policy(READ)
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "office/inbox.html",
        {
            "page": page_of(request, selectors.inbox(user=request.user)),
            "may_send": scope_for(request.user).has(SEND),
        },
    )


@policy(SEND)
def sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "office/sent.html", {"page": page_of(request, selectors.notices_sent(user=request.user))}
    )


@policy(SEND)
def notice_create(request: HttpRequest) -> HttpResponse:
    form = forms.NoticeForm(request.POST or None, user=request.user)
    if written := submitted(
        request,
        form,
        lambda data: services.notice_send(user=request.user, **data),
        success=lambda notice: f"通知已发送给 {notice.receipts.count()} 人",
    ):
        notice = written.value
        return redirect("office:notice_detail", pk=notice.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "office/notice_form.html", {"form": form, "title": "发送通知"}, status=status)


@policy(READ)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recipient reads the notice (and is marked as having read it); its senders see the receipts."""
    notice = get_visible_or_404(request.user, Notice.objects.select_related("unit", "sent_by"), READ, pk=pk)
    mine = services.notice_read(user=request.user, notice=notice)
    may_see_receipts = can(request.user, SEND, notice)
    receipts = list(selectors.receipts_of(user=request.user, notice=notice)) if may_see_receipts else []
    return render(
        request,
        "office/notice_detail.html",
        {
            "notice": notice,
            "mine": mine,
            "receipts": receipts,
            "may_see_receipts": may_see_receipts,
            "n_read": sum(1 for r in receipts if r.read_at),
            "n_signed": sum(1 for r in receipts if r.signed_up_at),
        },
    )


@policy(READ)
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(request.user, Notice, READ, pk=pk)
    attending = request.POST.get("attending") != "0"
    pressed(
        request,
        lambda: services.meeting_signup(user=request.user, notice=notice, attending=attending),
        success="报名已提交" if attending else "已取消报名",
    )
    return redirect("office:notice_detail", pk=notice.pk)


@policy(SEND)
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_visible_or_404(request.user, Notice, SEND, pk=pk)
    require(request.user, SEND, notice)
    present = [int(x) for x in request.POST.getlist("present") if x.isdigit()]
    pressed(
        request,
        lambda: services.attendance_record(user=request.user, notice=notice, present=present),
        success=lambda n: f"出席情况已保存：{n} 人出席",
    )
    return redirect("office:notice_detail", pk=notice.pk)
