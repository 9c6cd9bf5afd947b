"""Pages of the pairing ledger: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, page_of, submitted

from . import forms, selectors, services
from .models import Pairing, Volunteer


@policy("care.view")
def pairing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    qs = selectors.pairing_list_visible_to(user=request.user, filters={"status": status})
    return render(
        request,
        "care/pairing_list.html",
        {
            "page": page_of(request, qs),
            "status": status,
            "overdue_count": selectors.overdue_pairings(user=request.user).count(),
            "can_change": can_change(request),
            "may_import": scope_for(request.user).has("care.visit"),
        },
    )


def can_change(request: HttpRequest) -> bool:
    return scope_for(request.user).has("care.change")


@policy("care.view")
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(
        request.user,
        Pairing.objects.select_related("volunteer__person", "child", "village"),
        "care.view",
        pk=pk,
    )
    return render(
        request,
        "care/pairing_detail.html",
        {
            "pairing": pairing,
            "history": selectors.pairing_history(user=request.user, pairing=pairing),
            "visits": selectors.visit_list_visible_to(user=request.user, pairing=pairing)[:200],
            "visit_form": forms.VisitForm(),
            "end_form": forms.EndForm(),
            "may_visit": pairing.is_active and can(request.user, "care.visit", pairing),
            "may_change": pairing.is_active and can(request.user, "care.change", pairing),
        },
    )


@policy("care.change")
def pairing_create(request: HttpRequest) -> HttpResponse:
    form = forms.PairingForm(request.POST or None, user=request.user)
    if written := submitted(
        request, form, lambda data: services.pairing_create(user=request.user, **data), success="结对已建立"
    ):
        pairing = written.value
        return redirect("care:pairing_detail", pk=pairing.pk)
    return form_page(request, form, "新建结对")


@policy("care.change")
def pairing_repair(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(request.user, Pairing, "care.view", pk=pk)
    require(request.user, "care.change", pairing)
    form = forms.RepairForm(request.POST or None, user=request.user, pairing=pairing)
    if written := submitted(
        request,
        form,
        lambda data: services.pairing_repair(user=request.user, pairing=pairing, **data),
        success="已重新结对，原结对已结束并保留在记录中",
    ):
        new = written.value
        return redirect("care:pairing_detail", pk=new.pk)
    return form_page(request, form, f"重新结对：{pairing.child}")


@policy("care.change")
@require_POST
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(request.user, Pairing, "care.view", pk=pk)
    require(request.user, "care.change", pairing)
    form = forms.EndForm(request.POST)
    if form.is_valid():
        try:
            services.pairing_end(user=request.user, pairing=pairing, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
    if form.errors:
        for errors in form.errors.values():
            for msg in errors:
                messages.error(request, msg)
    else:
        messages.success(request, "结对已结束")
    return redirect("care:pairing_detail", pk=pairing.pk)


@policy("care.visit")
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_visible_or_404(request.user, Pairing, "care.view", pk=pk)
    require(request.user, "care.visit", pairing)
    form = forms.VisitForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.visit_record(user=request.user, pairing=pairing, **data),
        success="走访记录已保存",
    ):
        return redirect("care:pairing_detail", pk=pairing.pk)
    return form_page(request, form, f"走访记录：{pairing.child}")


@policy("care.view")
def volunteer_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.volunteer_list_visible_to(user=request.user)
    return render(
        request,
        "care/volunteer_list.html",
        {"page": page_of(request, qs), "can_change": can_change(request)},
    )


@policy("care.change")
def volunteer_create(request: HttpRequest) -> HttpResponse:
    form = forms.VolunteerForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.volunteer_register(user=request.user, **data),
        success="志愿者已登记",
    ):
        return redirect("care:volunteer_list")
    return form_page(request, form, "登记志愿者")


__all__ = ["Volunteer"]
