"""Rosters and post history, appointments and removals, cadre training, places."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fulian.core.forms import errors_onto_form
from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, submitted
from fulian.orgs.models import FederationMember, OrgUnit

from .. import exports, forms, selectors, services
from ..models import CadreTraining, Place

VIEW, CHANGE = "orgbuild.view", "orgbuild.change"
TABS = {"rosters": "妇联成员", "trainings": "干部培训", "places": "阵地"}


@policy(VIEW)
def cadres(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "rosters"
    rows = {
        "rosters": lambda: selectors.roster_units(user=request.user)[:300],
        "trainings": lambda: selectors.training_list_visible_to(user=request.user)[:300],
        "places": lambda: selectors.place_list_visible_to(user=request.user)[:300],
    }[tab]()
    return render(
        request,
        "orgbuild/cadres.html",
        {"tab": tab, "tabs": TABS.items(), "rows": rows, "may_change": scope_for(request.user).has(CHANGE)},
    )


@policy(VIEW)
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(request.user, OrgUnit, VIEW, pk=pk)
    members = list(selectors.roster(user=request.user, unit=unit))
    if request.GET.get("format") == "xlsx":
        return exports.roster_xlsx(unit, members)
    today = timezone.localdate()
    return render(
        request,
        "orgbuild/roster.html",
        {
            "unit": unit,
            "current": [m for m in members if selectors.is_current(m, today)],
            "history": [m for m in members if not selectors.is_current(m, today)],
            "may_change": can(request.user, CHANGE, unit),
        },
    )


@policy(CHANGE)
def appoint(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(request.user, OrgUnit, VIEW, pk=pk)
    require(request.user, CHANGE, unit)
    form = forms.AppointForm(request.POST or None, user=request.user)
    back = reverse("orgbuild:roster", args=[unit.pk])
    if submitted(
        request,
        form,
        lambda data: services.post_appoint(user=request.user, unit=unit, **data),
        success="任职已登记",
    ):
        return redirect(back)
    return form_page(request, form, f"{unit.name}：任命", back=back)


@policy(CHANGE)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request.user, FederationMember.objects.select_related("unit"), VIEW, pk=pk)
    require(request.user, CHANGE, member)
    form = forms.RemoveForm(request.POST or None)
    back = reverse("orgbuild:roster", args=[member.unit_id])
    if submitted(
        request,
        form,
        lambda data: services.post_remove(user=request.user, member=member, **data),
        success="离任已登记",
    ):
        return redirect(back)
    return form_page(request, form, f"{member}：离任", back=back)


@policy(CHANGE)
def training_create(request: HttpRequest) -> HttpResponse:
    form = forms.TrainingForm(request.POST or None, user=request.user)
    if written := submitted(
        request, form, lambda data: services.training_create(user=request.user, **data), success="培训已保存"
    ):
        training = written.value
        return redirect("orgbuild:training", pk=training.pk)
    return form_page(request, form, "新建干部培训", back="/orgbuild/cadres/?tab=trainings")


@policy(VIEW)
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(request.user, CadreTraining.objects.select_related("unit"), VIEW, pk=pk)
    return render(
        request,
        "orgbuild/training.html",
        {
            "t": training,
            "rows": selectors.attendance_list(user=request.user, training=training),
            "may_change": can(request.user, CHANGE, training),
        },
    )


@policy(CHANGE)
def attend(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(request.user, CadreTraining.objects.select_related("unit"), VIEW, pk=pk)
    require(request.user, CHANGE, training)
    form = forms.AttendanceForm(request.POST or None, user=request.user)
    back = reverse("orgbuild:training", args=[training.pk])
    if submitted(
        request,
        form,
        lambda data: services.attendance_add(user=request.user, training=training, **data),
        success="已加入参训名单",
    ):
        return redirect(back)
    return form_page(request, form, f"{training}：添加参训干部", back=back)


@policy(VIEW)
def cadre(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request.user, FederationMember.objects.select_related("unit"), VIEW, pk=pk)
    rows = list(selectors.cadre_record(user=request.user, member=member))
    return render(
        request,
        "orgbuild/cadre.html",
        {"m": member, "rows": rows, "hours": sum(a.training.hours for a in rows)},
    )


@policy(CHANGE)
def place_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    place = None
    if pk is not None:
        place = get_visible_or_404(request.user, Place.objects.select_related("unit"), VIEW, pk=pk)
        require(request.user, CHANGE, place)
    initial = (
        {f: getattr(place, f) for f in ("unit", "kind", "name", "status", "area", "opened_on", "note")}
        if place
        else {}
    )
    form = forms.PlaceForm(request.POST or None, initial=initial, user=request.user)
    if place is not None:
        form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            if place is None:
                services.place_create(user=request.user, unit=unit, **data)
            else:
                services.place_update(user=request.user, place=place, **data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, "阵地已保存")
            return redirect(reverse("orgbuild:cadres") + "?tab=places")
    return form_page(request, form, "修改阵地" if place else "登记阵地", back="/orgbuild/cadres/?tab=places")
