"""创建 pages: the list of units working toward a title (filtered by campaign, kind and status), 申报,
one creation with its steps, and the step form of the unit that accepts, names and re-checks it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core.scoping import can, get_visible_or_404, policy, scope_for
from fulian.core.viewhelpers import form_page, page_of, pressed, submitted

from . import selectors_creation, services_creation
from .capabilities import NOMINATE, REVIEW, VIEW
from .forms_more import CreationFilterForm, CreationForm, CreationStepForm
from .models import Creation


@policy(VIEW)
def creation_list(request: HttpRequest) -> HttpResponse:
    form = CreationFilterForm(request.GET or None, user=request.user)
    wanted = form.cleaned_data if form.is_valid() else {}
    rows = selectors_creation.creation_list(
        user=request.user,
        campaign=getattr(wanted.get("campaign"), "pk", None),
        kind=getattr(wanted.get("kind"), "pk", None),
        status=wanted.get("status") or "",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "honours/creations.html",
        {
            "creations": page_of(request, rows),
            "filter_form": form,
            "query": query.urlencode(),
            "can_apply": scope_for(request.user).has(NOMINATE),
        },
    )


@policy(NOMINATE)
def creation_create(request: HttpRequest) -> HttpResponse:
    form = CreationForm(request.POST or None, user=request.user, initial={"applied_on": timezone.localdate()})
    if written := submitted(
        request,
        form,
        lambda data: services_creation.creation_apply(user=request.user, **data),
        success="已申报创建，待受理",
    ):
        return redirect("honours:creation", pk=written.value.pk)
    return form_page(request, form, "申报创建", back=reverse("honours:creations"))


@policy(VIEW)
def creation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    creation = get_visible_or_404(
        request.user,
        Creation.objects.select_related("kind", "supervisor", "campaign", "award", "person", "village"),
        VIEW,
        pk=pk,
    )
    open_states = (Creation.Status.APPLIED, Creation.Status.BUILDING, Creation.Status.NAMED)
    return render(
        request,
        "honours/creation.html",
        {
            "c": creation,
            "steps": creation.steps.select_related("by"),
            "can_act": creation.status in open_states and can(request.user, REVIEW, creation),
            "step_form": CreationStepForm(initial={"on": timezone.localdate()}),
        },
    )


@policy(REVIEW)
@require_POST
def creation_step(request: HttpRequest, pk: int) -> HttpResponse:
    creation = get_visible_or_404(request.user, Creation, VIEW, pk=pk)
    form = CreationStepForm(request.POST)
    pressed(
        request,
        lambda: services_creation.creation_step(user=request.user, creation=creation, **form.cleaned_data),
        form=form,
        success="已办理",
        invalid="请选择办理环节并填写日期",
    )
    return redirect("honours:creation", pk=pk)
