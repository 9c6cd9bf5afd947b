"""Funds: the list with balances, a fund's donations and uses (with the aid disbursements they paid and
who received them, masked per row), the forms, cancellations and the receipt (捐赠收据)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fulian.core.forms import post_text
from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.traces import rows_shown
from fulian.core.viewhelpers import page_of, pressed, save_or_show

from .. import exports, figures, forms, selectors, services
from ..models import Donation, Fund, FundUse

VIEW, FUNDS = "resources.view", "resources.funds"


@policy(VIEW)
def funds(request: HttpRequest) -> HttpResponse:
    rows = page_of(request, selectors.fund_list(user=request.user))
    return render(
        request, "resources/funds.html", {"page": rows, "may_change": scope_for(request.user).has(FUNDS)}
    )


@policy(FUNDS)
def fund_create(request: HttpRequest) -> HttpResponse:
    form = forms.FundForm(request.POST or None, user=request.user)
    return save_or_show(
        request,
        form,
        lambda data: services.fund_create(user=request.user, **data),
        success="账户已设立",
        title="设立捐赠资金账户",
        back=reverse("resources:funds"),
        after=lambda fund: reverse("resources:fund", args=[fund.pk]),
    )


def _fund(request, pk: int, *, change: bool = False) -> Fund:
    fund = get_visible_or_404(request.user, Fund.objects.select_related("unit"), VIEW, pk=pk)
    if change:
        require(request.user, FUNDS, fund)
    return fund


@policy(VIEW)
def fund(request: HttpRequest, pk: int) -> HttpResponse:
    f = _fund(request, pk)
    trace = figures.fund_trace(user=request.user, fund=f)
    return render(
        request,
        "resources/fund.html",
        {
            "fund": selectors.fund_list(user=request.user).get(pk=f.pk),
            "donations": selectors.donation_list(user=request.user, fund=f)[:300],
            "uses": selectors.use_list(user=request.user, fund=f)[:300],
            "trace": trace,
            "trace_rows": rows_shown(trace, user=request.user, limit=300),
            "may_change": can(request.user, FUNDS, f),
        },
    )


@policy(FUNDS)
def donation_create(request: HttpRequest, pk: int) -> HttpResponse:
    f = _fund(request, pk, change=True)
    form = forms.DonationForm(request.POST or None)
    back = reverse("resources:fund", args=[f.pk])
    return save_or_show(
        request,
        form,
        lambda data: services.donation_receive(user=request.user, fund=f, **data),
        success="捐赠已登记，收据编号已生成",
        title=f"{f.name}：登记捐赠",
        back=back,
    )


def _donation(request, pk: int) -> Donation:
    donation = get_visible_or_404(request.user, Donation.objects.select_related("fund__unit"), VIEW, pk=pk)
    require(request.user, FUNDS, donation)
    return donation


@policy(FUNDS)
def donation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    donation = _donation(request, pk)
    fields = ("donor_kind", "donor", "amount", "purpose", "received_on")
    form = forms.DonationEditForm(request.POST or None, initial={f: getattr(donation, f) for f in fields})
    return save_or_show(
        request,
        form,
        lambda data: services.donation_update(user=request.user, donation=donation, **data),
        success="捐赠已修改",
        title=f"修改捐赠（收据{donation.receipt_number}）",
        back=reverse("resources:fund", args=[donation.fund_id]),
    )


@policy(FUNDS)
@require_POST
def donation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    donation = _donation(request, pk)
    pressed(
        request,
        lambda: services.donation_cancel(
            user=request.user,
            donation=donation,
            reason=post_text(request.POST, "cancel_reason", label="作废原因"),
        ),
    )
    return redirect("resources:fund", pk=donation.fund_id)


@policy(VIEW)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    donation = get_visible_or_404(request.user, Donation.objects.select_related("fund__unit"), VIEW, pk=pk)
    return exports.receipt_docx(donation)


@policy(FUNDS)
def use_create(request: HttpRequest, pk: int) -> HttpResponse:
    f = _fund(request, pk, change=True)
    form = forms.UseForm(request.POST or None, user=request.user, fund=f)
    return save_or_show(
        request,
        form,
        lambda data: services.use_record(user=request.user, fund=f, **data),
        success="支出已登记",
        title=f"{f.name}：登记使用",
        back=reverse("resources:fund", args=[f.pk]),
    )


@policy(FUNDS)
@require_POST
def use_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    use = get_visible_or_404(request.user, FundUse.objects.select_related("fund"), VIEW, pk=pk)
    require(request.user, FUNDS, use)
    pressed(
        request,
        lambda: services.use_cancel(
            user=request.user, use=use, reason=post_text(request.POST, "cancel_reason", label="作废原因")
        ),
    )
    return redirect("resources:fund", pk=use.fund_id)
