"""Honours pages: kinds of honour, campaigns with quotas, nominations with their checks and review, the
公示 (the shared pages of fulian/core/publicnotice.py), the award, downloads, and the titles held."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core import publicnotice
from fulian.core.models import AccessLog
from fulian.core.officialdoc import docx_response
from fulian.core.scoping import can, get_visible_or_404, policy, public, scope_for, visible
from fulian.core.services import access_log_write
from fulian.core.viewhelpers import form_page, page_of, pressed, submitted

from . import exports, selectors, services
from .capabilities import KINDS, NOMINATE, REVIEW, VIEW
from .forms import (
    AwardDecisionForm,
    AwardForm,
    CampaignForm,
    KindForm,
    NominationForm,
    NoticeForm,
    ObjectionForm,
    QuotaForm,
    ReviewForm,
)
from .models import Award, Campaign, HonourKind, HonourNotice, HonourObjection, Nomination

# --- kinds and campaigns ----------------------------------------------------------------------------


@policy(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "honours/index.html",
        {
            "campaigns": page_of(request, selectors.campaign_list(user=request.user)),
            "can_run": scope.has(REVIEW),
            "can_kinds": scope.has(KINDS),
        },
    )


@policy(VIEW)
def kind_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "honours/kinds.html",
        {"kinds": HonourKind.objects.all(), "can_kinds": scope_for(request.user).has(KINDS)},
    )


@policy(KINDS)
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    kind = get_visible_or_404(request.user, HonourKind, KINDS, pk=pk) if pk else HonourKind()
    form = KindForm(request.POST or None, instance=kind)
    if submitted(
        request,
        form,
        lambda data: services.kind_save(user=request.user, kind=form.instance),
        success="已保存荣誉称号",
    ):
        return redirect("honours:kinds")
    return form_page(request, form, "修改荣誉称号" if pk else "添加荣誉称号", back=reverse("honours:kinds"))


@policy(REVIEW)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if written := submitted(
        request,
        form,
        lambda data: services.campaign_create(user=request.user, **data),
        success="已发起评选，请分配推荐名额",
    ):
        campaign = written.value
        return redirect("honours:campaign", pk=campaign.pk)
    return form_page(request, form, "发起评选表彰", back=reverse("honours:index"))


@policy(VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("kind", "unit"), VIEW, pk=pk)
    noms = list(selectors.nomination_list(user=request.user, campaign=campaign))
    for n in noms:
        n.failed = selectors.failed(n) if n.status == Nomination.Status.SUBMITTED else []
    u = request.user
    return render(
        request,
        "honours/campaign.html",
        {
            "campaign": campaign,
            "quotas": campaign.quotas.select_related("unit"),
            "nominations": noms,
            "notices": visible(u, HonourNotice, VIEW).filter(campaign=campaign),
            "can_run": can(u, REVIEW, campaign),
            "can_nominate": campaign.status == Campaign.Status.OPEN and scope_for(u).has(NOMINATE),
            "quota_form": QuotaForm(campaign=campaign),
            "award_form": AwardDecisionForm(initial={"awarded_on": timezone.localdate()}),
        },
    )


@policy(REVIEW)
@require_POST
def quota_set(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign, REVIEW, pk=pk)
    form = QuotaForm(request.POST, campaign=campaign)
    pressed(
        request,
        lambda: services.quota_set(user=request.user, campaign=campaign, **form.cleaned_data),
        form=form,
        success="已保存名额",
        invalid="请选择推荐单位并填写名额",
    )
    return redirect("honours:campaign", pk=pk)


@policy(REVIEW)
@require_POST
def campaign_award(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign, REVIEW, pk=pk)
    form = AwardDecisionForm(request.POST)
    pressed(
        request,
        lambda: services.campaign_award(user=request.user, campaign=campaign, **form.cleaned_data),
        form=form,
        success=lambda awards: f"已表彰{len(awards)}个对象，可下载表彰决定和荣誉证书",
        invalid="请填写表彰日期",
    )
    return redirect("honours:campaign", pk=pk)


# --- nominations ----------------------------------------------------------------------------------


@policy(NOMINATE)
def nomination_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("kind"), NOMINATE, pk=pk)
    form = NominationForm(request.POST or None, user=request.user, campaign=campaign)
    if written := submitted(
        request,
        form,
        lambda data: services.nomination_submit(user=request.user, campaign=campaign, **data),
        success="已提交推荐，资格审查结果见下",
    ):
        nomination = written.value
        return redirect("honours:nomination", pk=nomination.pk)
    return form_page(request, form, f"推荐：{campaign}", back=reverse("honours:campaign", args=[pk]))


@policy(VIEW)
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_visible_or_404(
        request.user,
        Nomination.objects.select_related("campaign__kind", "nominated_by", "person", "village", "notice"),
        VIEW,
        pk=pk,
    )
    campaign = nomination.campaign
    return render(
        request,
        "honours/nomination.html",
        {
            "n": nomination,
            "checks": selectors.checks(nomination),
            "notice_link": bool(nomination.notice and can(request.user, VIEW, nomination.notice)),
            "can_review": can(request.user, REVIEW, campaign)
            and nomination.status in (Nomination.Status.SUBMITTED, Nomination.Status.APPROVED),
            "review_form": ReviewForm(),
        },
    )


@policy(REVIEW)
@require_POST
def nomination_review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_visible_or_404(request.user, Nomination.objects.select_related("campaign"), VIEW, pk=pk)
    form = ReviewForm(request.POST)
    pressed(
        request,
        lambda: services.nomination_review(user=request.user, nomination=nomination, **form.cleaned_data),
        form=form,
        success="已审核",
        invalid="请选择审核结果",
    )
    return redirect("honours:nomination", pk=pk)


# --- the public notice (the shared mechanism) ----------------------------------------------------------


@policy(REVIEW)
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("unit"), REVIEW, pk=pk)
    form = NoticeForm(
        request.POST or None,
        user=request.user,
        campaign=campaign,
        initial={"start_date": timezone.localdate(), "unit": campaign.unit_id},
    )
    if written := submitted(
        request,
        form,
        lambda data: services.notice_create(user=request.user, campaign=campaign, **data),
        success="已生成公示草稿，核对后请发布",
    ):
        notice = written.value
        return redirect("honours:notice", pk=notice.pk)
    return form_page(request, form, f"生成公示：{campaign}", back=reverse("honours:campaign", args=[pk]))


def _notice(request, pk: int) -> HonourNotice:
    return get_visible_or_404(
        request.user, HonourNotice.objects.select_related("campaign__kind", "unit"), VIEW, pk=pk
    )


@policy(VIEW)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    return render(
        request,
        "honours/notice.html",
        publicnotice.detail_context(
            request,
            notice,
            rows=selectors.notice_rows(notice),
            layout=selectors.notice_layout(notice),
            objections=notice.objections.select_related("nomination"),
            objection_form=ObjectionForm(notice=notice, initial={"received_on": timezone.localdate()}),
            resolve_form=publicnotice.ResolveForm(what="该推荐对象"),
            can_notice=can(request.user, REVIEW, notice),
            public_url_name="honours:notice_public",
        ),
    )


@policy(REVIEW)
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    pressed(request, lambda: services.notice_publish(user=request.user, notice=notice), success="公示已发布")
    return redirect("honours:notice", pk=pk)


@policy(VIEW)
def notice_print(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    access_log_write(user=request.user, action=AccessLog.Action.PRINT, target=notice, unit=notice.unit)
    rows, layout = selectors.notice_rows(notice), selectors.notice_layout(notice)
    return publicnotice.notice_page(request, notice, rows=rows, layout=layout, public=False)


@public
def notice_public(request: HttpRequest, token: str) -> HttpResponse:
    notice = publicnotice.public_notice_or_404(
        HonourNotice.objects.select_related("campaign__kind", "unit"), token
    )
    rows, layout = selectors.notice_rows(notice), selectors.notice_layout(notice)
    return publicnotice.notice_page(request, notice, rows=rows, layout=layout, public=True)


@policy(REVIEW)
@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    record = partial(services.objection_record, user=request.user, notice=notice)
    publicnotice.objection_pressed(request, ObjectionForm(request.POST, notice=notice), record)
    return redirect("honours:notice", pk=pk)


@policy(REVIEW)
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_visible_or_404(
        request.user, HonourObjection.objects.select_related("notice"), VIEW, pk=pk
    )
    resolve = partial(services.objection_resolve, user=request.user, objection=objection)
    publicnotice.resolution_pressed(
        request, publicnotice.ResolveForm(request.POST, what="该推荐对象"), resolve
    )
    return redirect("honours:notice", pk=objection.notice_id)


# --- titles held and downloads ------------------------------------------------------------------------


@policy(VIEW)
def award_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    awards = selectors.award_list(user=request.user, year=int(year) if year.isdigit() else None)
    return render(
        request,
        "honours/awards.html",
        {
            "awards": page_of(request, awards),
            "year": year,
            "can_record": scope_for(request.user).has(NOMINATE),
        },
    )


@policy(VIEW)
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = get_visible_or_404(
        request.user, Award.objects.select_related("kind", "campaign", "person", "village"), VIEW, pk=pk
    )
    return render(request, "honours/award.html", {"a": award})


@policy(NOMINATE)
def award_create(request: HttpRequest) -> HttpResponse:
    form = AwardForm(request.POST or None, user=request.user)
    if written := submitted(
        request, form, lambda data: services.award_record(user=request.user, **data), success="已登记荣誉"
    ):
        award = written.value
        return redirect("honours:award", pk=award.pk)
    return form_page(request, form, "登记获得的荣誉", back=reverse("honours:awards"))


def _campaign_download(request, pk: int, what: str, capability: str = REVIEW) -> Campaign:
    campaign = get_visible_or_404(
        request.user, Campaign.objects.select_related("kind", "unit"), capability, pk=pk
    )
    access_log_write(user=request.user, action=AccessLog.Action.EXPORT, target=campaign, detail=what)
    return campaign


@policy(REVIEW)
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_download(request, pk, "导出推荐对象和表彰名单")
    noms = selectors.nomination_list(user=request.user, campaign=campaign)
    return exports.nominations_book(campaign, noms).response(f"{campaign.title}.xlsx")


@policy(VIEW)
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_download(request, pk, "下载表彰决定", VIEW)
    return docx_response(exports.decision(campaign), f"{campaign.title}表彰决定.docx")


@policy(REVIEW)
def certificates_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_download(request, pk, "下载荣誉证书")
    return docx_response(exports.certificates(campaign), f"{campaign.title}荣誉证书.docx")
