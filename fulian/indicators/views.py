from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.scoping import can, get_visible_or_404, policy, scope_for
from fulian.core.spreadsheets.export import xlsx_response
from fulian.core.viewhelpers import pressed
from fulian.orgs.models import OrgUnit

from . import services
from .forms import IndicatorForm, ValueForm
from .models import Plan
from .selectors import indicator_list, indicator_table
from .xlsx import monitoring_workbook


def _unit_and_year(request: HttpRequest):
    units = scope_for(request.user).units("indicators.view")
    unit_id = request.GET.get("unit") or (units[0].pk if units else None)
    if unit_id is None:
        return None, None
    unit = get_visible_or_404(request.user, OrgUnit, "indicators.view", pk=unit_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return unit, year


@policy("indicators.view")
def values(request: HttpRequest) -> HttpResponse:
    """A unit's monitoring table for a year: entered, computed and rolled-up values, flags, export."""
    unit, year = _unit_and_year(request)
    if unit is None:
        return render(request, "indicators/values.html", {"rows": []})
    plan = request.GET.get("plan") if request.GET.get("plan") in Plan.values else Plan.WOMEN
    figures = collect(user=request.user, unit=unit, period=Period.year(year))
    rows = indicator_table(user=request.user, unit=unit, year=year, plan=plan, figures=figures)
    if request.GET.get("missed") == "1":
        rows = [r for r in rows if r.meets is False]
    if request.GET.get("format") == "xlsx":
        content = monitoring_workbook(unit=unit, year=year, rows=rows, plan_label=Plan(plan).label)
        return xlsx_response(content, f"indicators-{plan}-{year}.xlsx")
    return render(
        request,
        "indicators/values.html",
        {
            "rows": rows,
            "unit": unit,
            "year": year,
            "plan": plan,
            "plans": Plan.choices,
            "can_enter": can(request.user, "indicators.enter", unit),
            "children": OrgUnit.objects.get_children(unit).filter(active_until__isnull=True),
        },
    )


@require_POST
@policy("indicators.enter")
def value_save(request: HttpRequest, indicator_id: int, unit_id: int, year: int) -> HttpResponse:
    unit = get_visible_or_404(request.user, OrgUnit, "indicators.view", pk=unit_id)
    indicator = indicator_list(user=request.user).filter(pk=indicator_id).first()
    if indicator is None:
        from django.http import Http404

        raise Http404("未找到该指标")
    form = ValueForm(request.POST, indicator=indicator)
    back = reverse("indicators:values") + f"?unit={unit.pk}&year={year}&plan={indicator.plan}"
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(back)
    try:
        services.indicator_value_save(
            user=request.user, indicator=indicator, unit=unit, year=year, **form.cleaned_data
        )
        messages.success(request, f"已保存“{indicator.name}”。")
    except ValidationError as exc:
        messages.error(request, f"“{indicator.name}”：" + "；".join(exc.messages))
    return redirect(back)


@policy("indicators.view")
def registry(request: HttpRequest) -> HttpResponse:
    """The indicator registry; county staff add their own indicators."""
    form = None
    units = scope_for(request.user).units("indicators.define")
    if scope_for(request.user).has("indicators.define") and units:
        form = IndicatorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            owner = get_visible_or_404(
                request.user, OrgUnit, "indicators.define", pk=request.POST.get("owner") or units[0].pk
            )
            indicator = form.save(commit=False)
            indicator.owner = owner
            if pressed(
                request,
                lambda: services.indicator_save(user=request.user, indicator=indicator),
                success=f"已新增指标“{indicator.name}”。",
            ):
                return redirect("indicators:registry")
    elif request.method == "POST":
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("您的角色无权定义指标")
    return render(
        request,
        "indicators/registry.html",
        {"indicators": indicator_list(user=request.user), "form": form, "units": units},
    )
