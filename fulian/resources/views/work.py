"""Services handled (代办服务), projects and bases, pairings."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import page_of, save_or_show

from .. import forms, selectors, services
from ..models import Pairing, Project

VIEW, CHANGE = "resources.view", "resources.change"
TABS = {"projects": "项目与基地", "pairings": "结对共建"}


@policy(VIEW)
def services_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.service_list(user=request.user)
    by_kind = rows.order_by().values("kind__name").annotate(n=Count("id")).order_by("-n", "kind__name")
    return render(
        request,
        "resources/services.html",
        {
            "page": page_of(request, rows),
            "by_kind": by_kind,
            "may_change": scope_for(request.user).has(CHANGE),
            "may_open_people": scope_for(request.user).has("people.view"),
        },
    )


@policy(CHANGE)
def service_create(request: HttpRequest) -> HttpResponse:
    form = forms.ServiceForm(request.POST or None, user=request.user)
    return save_or_show(
        request,
        form,
        lambda data: services.service_record(user=request.user, **data),
        success="代办服务已登记",
        title="登记代办服务",
        back=reverse("resources:services"),
    )


@policy(VIEW)
def projects(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "projects"
    if tab == "projects":
        rows = selectors.project_list(user=request.user)
    else:
        rows = selectors.pairing_list(user=request.user)
    return render(
        request,
        "resources/projects.html",
        {
            "tab": tab,
            "tabs": TABS.items(),
            "page": page_of(request, rows),
            "may_change": scope_for(request.user).has(CHANGE),
        },
    )


@policy(CHANGE)
def project_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProjectForm(request.POST or None, user=request.user)
    return save_or_show(
        request,
        form,
        lambda data: services.project_create(user=request.user, **data),
        success="项目已登记",
        title="登记项目与基地",
        back=reverse("resources:projects"),
        after=lambda p: reverse("resources:project", args=[p.pk]),
    )


def _project(request, pk: int, *, change: bool = False) -> Project:
    project = get_visible_or_404(request.user, Project.objects.select_related("unit"), VIEW, pk=pk)
    if change:
        require(request.user, CHANGE, project)
    return project


@policy(VIEW)
def project(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    return render(
        request,
        "resources/project.html",
        {"p": p, "milestones": selectors.milestones(project=p), "may_change": can(request.user, CHANGE, p)},
    )


@policy(CHANGE)
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk, change=True)
    form = forms.AdvanceForm(request.POST or None)
    back = reverse("resources:project", args=[p.pk])
    return save_or_show(
        request,
        form,
        lambda data: services.project_advance(user=request.user, project=p, **data),
        success="项目进入下一阶段",
        title=f"{p.name}：进入下一阶段（现为{p.get_stage_display()}）",
        back=back,
    )


@policy(CHANGE)
def base_host(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk, change=True)
    form = forms.HostForm(request.POST or None, user=request.user, project=p)
    return save_or_show(
        request,
        form,
        lambda data: services.base_host(user=request.user, project=p, **data),
        success="已记录基地承接的培训和活动",
        title=f"{p.name}：承接的培训和活动",
        back=reverse("resources:project", args=[p.pk]),
    )


@policy(CHANGE)
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk, change=True)
    form = forms.MilestoneForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda data: services.milestone_add(user=request.user, project=p, **data),
        success="进展已记录",
        title=f"{p.name}：记录进展",
        back=reverse("resources:project", args=[p.pk]),
    )


@policy(CHANGE)
def pairing_create(request: HttpRequest) -> HttpResponse:
    form = forms.PairingForm(request.POST or None, user=request.user)
    return save_or_show(
        request,
        form,
        lambda data: services.pairing_create(user=request.user, **data),
        success="结对已登记",
        title="登记结对共建",
        back=reverse("resources:projects") + "?tab=pairings",
        after=lambda p: reverse("resources:pairing", args=[p.pk]),
    )


def _pairing(request, pk: int, *, change: bool = False) -> Pairing:
    pairing = get_visible_or_404(request.user, Pairing.objects.select_related("unit"), VIEW, pk=pk)
    if change:
        require(request.user, CHANGE, pairing)
    return pairing


@policy(VIEW)
def pairing(request: HttpRequest, pk: int) -> HttpResponse:
    p = _pairing(request, pk)
    return render(
        request,
        "resources/pairing.html",
        {
            "p": p,
            "activities": selectors.pairing_activities(pairing=p),
            "may_change": can(request.user, CHANGE, p),
        },
    )


@policy(CHANGE)
def pairing_activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = _pairing(request, pk, change=True)
    form = forms.PairingActivityForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda data: services.pairing_activity_add(user=request.user, pairing=p, **data),
        success="结对活动已记录",
        title=f"{p}：记录共建活动",
        back=reverse("resources:pairing", args=[p.pk]),
    )
