"""The work plan: a unit's items for a year with live progress; add, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fulian.core.scoping import can, get_visible_or_404, policy
from fulian.core.viewhelpers import pressed

from .. import services
from ..forms import PlanItemForm
from ..models import PlanItem
from ..selectors import plan_progress
from .common import _unit_param_or_404


@policy("reports.view")
def plan(request: HttpRequest) -> HttpResponse:
    """A unit's plan items for a year with live progress; `?behind=1` lists only what is behind."""
    from django.utils import timezone

    from fulian.core.scoping import scope_for
    from fulian.orgs.models import OrgUnit

    _unit_param_or_404(request, "reports.view")
    units = scope_for(request.user).units("reports.view")
    unit_id = request.GET.get("unit") or (units[0].pk if units else None)
    if unit_id is None:
        return render(request, "reports/plan.html", {"rows": [], "unit": None})
    unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=unit_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = plan_progress(user=request.user, unit=unit, year=year)
    if request.GET.get("behind") == "1":
        rows = [r for r in rows if r["status"] == "behind"]
    form = PlanItemForm()
    return render(
        request,
        "reports/plan.html",
        {
            "rows": rows,
            "unit": unit,
            "year": year,
            "form": form,
            "can_change": can(request.user, "reports.plan_change", unit),
        },
    )


@require_POST
@policy("reports.plan_change")
def plan_item_save(request: HttpRequest, unit_id: int, year: int, pk: int | None = None) -> HttpResponse:
    from fulian.orgs.models import OrgUnit

    unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=unit_id)
    instance = (
        get_visible_or_404(request.user, PlanItem.objects.filter(unit=unit), "reports.view", pk=pk)
        if pk
        else PlanItem(unit=unit, year=year)
    )
    form = PlanItemForm(request.POST, instance=instance)
    pressed(
        request,
        lambda: services.plan_item_save(user=request.user, item=form.save(commit=False)),
        form=form,
        success="工作要点已保存。",
    )
    return redirect(reverse("reports:plan") + f"?unit={unit.pk}&year={year}")


@require_POST
@policy("reports.plan_change")
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request.user, PlanItem, "reports.view", pk=pk)
    services.plan_item_delete(user=request.user, item=item)
    messages.success(request, "已删除。")
    return redirect(reverse("reports:plan") + f"?unit={item.unit_id}&year={item.year}")
