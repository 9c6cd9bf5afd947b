"""Pages of the screening ledger. Results appear only for `health.results` holders, and every page that
shows them writes the access log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, page_of, submitted

from . import forms, selectors, services
from .models import Campaign, Screening


@policy("health.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.campaign_list_visible_to(user=request.user)
    page = page_of(request, qs)
    scope = scope_for(request.user)
    return render(
        request,
        "health/campaign_list.html",
        {
            "page": page,
            "may_create": scope.has("health.campaign_change"),
            "may_import": scope.has("health.change"),
        },
    )


@policy("health.campaign_change")
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None, user=request.user)
    if written := submitted(
        request,
        form,
        lambda data: services.campaign_create(user=request.user, **data),
        success="筛查活动已创建",
    ):
        campaign = written.value
        return redirect("health:campaign_detail", pk=campaign.pk)
    return form_page(request, form, "新建筛查活动")


@policy("health.view")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("unit"), "health.view", pk=pk)
    qs = selectors.screening_list_visible_to(user=request.user, campaign=campaign)
    page = page_of(request, qs)
    shown = selectors.disclose_results(user=request.user, screenings=list(page), what=f"{campaign} 名单")
    rows = [(s, selectors.masked(s, s.pk in shown)) for s in page]
    scope = scope_for(request.user)
    return render(
        request,
        "health/campaign_detail.html",
        {
            "campaign": campaign,
            "page": page,
            "rows": rows,
            "show_results": len(shown) == len(rows),  # else a note says why some results are hidden
            "counts": selectors.count_list_visible_to(user=request.user, campaign=campaign),
            "hospitals": campaign.hospitals.all(),
            "may_record": scope.has("health.change"),
        },
    )


@policy("health.change")
def screening_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign, "health.view", pk=pk)
    form = forms.ScreeningForm(request.POST or None, user=request.user, campaign=campaign)
    if submitted(
        request,
        form,
        lambda data: services.screening_record(user=request.user, campaign=campaign, **data),
        success="已登记筛查对象",
    ):
        return redirect("health:campaign_detail", pk=campaign.pk)
    return form_page(request, form, f"登记筛查对象：{campaign}")


@policy("health.change")
def count_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("unit"), "health.view", pk=pk)
    form = forms.CountForm(request.POST or None, user=request.user, campaign=campaign)
    if submitted(
        request,
        form,
        lambda data: services.screening_count_report(user=request.user, campaign=campaign, **data),
        success="人数已填报",
    ):
        return redirect("health:campaign_detail", pk=campaign.pk)
    return form_page(request, form, f"按村填报人数：{campaign}")


@policy("health.view")
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_visible_or_404(
        request.user,
        Screening.objects.select_related("person", "village", "campaign", "hospital", "aid_application"),
        "health.view",
        pk=pk,
    )
    show = bool(selectors.disclose_results(user=request.user, screenings=[screening], what="筛查记录详情"))
    return render(
        request,
        "health/screening_detail.html",
        {
            "s": screening,
            "r": selectors.masked(screening, show),
            "show_results": show,
            "may_edit": can(request.user, "health.results", screening),
        },
    )


@policy("health.results")
def screening_result(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_visible_or_404(request.user, Screening, "health.view", pk=pk)
    require(request.user, "health.results", screening)
    initial = {
        f: getattr(screening, f)
        for f in ("result", "site", "finding", "referred_to", "referred_on", "treatment", "treatment_note")
    } | {"free_surgery": screening.free_surgery}
    form = forms.ResultForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda data: services.screening_result_set(user=request.user, screening=screening, **data),
        success="筛查结果已保存",
    ):
        return redirect("health:screening_detail", pk=screening.pk)
    return form_page(request, form, f"筛查结果：{screening}")


@policy("health.results")
def screening_aid(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_visible_or_404(
        request.user, Screening.objects.select_related("person"), "health.view", pk=pk
    )
    require(request.user, "health.results", screening)
    form = forms.AidForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.screening_aid_apply(user=request.user, screening=screening, **data),
        success="已提交两癌救助申请，请在帮扶救助中跟进审批",
    ):
        return redirect("health:screening_detail", pk=screening.pk)
    title = f"申请两癌救助：{screening.person.name}"
    return form_page(request, form, title)
