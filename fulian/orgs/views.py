"""Org pages: browse the tree, a unit's page with its federation, zone management for a town."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fulian.core.dashboard import compute_stats
from fulian.core.scoping import can, get_visible_or_404, policy, require
from fulian.core.viewhelpers import submitted

from . import selectors
from .forms import FederationMemberForm, TermEndForm, ZoneDeleteForm, ZoneForm
from .models import FederationMember, Level, OrgUnit, Zone
from .services import units as services

VIEW = "orgs.view"
FED_CHANGE = "orgs.federation_change"
ZONE_CHANGE = "orgs.zone_change"


def _include_retired(request: HttpRequest) -> bool:
    return request.GET.get("retired") != "hide"


# --- the tree ---------------------------------------------------------------------------------------


@policy(VIEW)
def tree(request: HttpRequest) -> HttpResponse:
    """The user's top units, expandable; or search results when `q` is given."""
    include_retired = _include_retired(request)
    query = request.GET.get("q", "").strip()
    ctx: dict = {"query": query, "include_retired": include_retired}
    if query:
        results = selectors.unit_search(user=request.user, query=query, include_retired=include_retired)
        crumbs = selectors.unit_ancestors_map(user=request.user, units=results)
        ctx["results"] = [(u, crumbs[u.path]) for u in results]
        ctx["result_limit"] = selectors.SEARCH_LIMIT
    else:
        units = list(selectors.unit_top_list(user=request.user, include_retired=include_retired))
        ctx["units"] = units
        if len(units) == 1 and units[0].numchild:  # one home unit: open it straight away
            ctx["expanded"] = units[0]
            ctx["expanded_children"] = selectors.unit_children_list(
                user=request.user, unit=units[0], include_retired=include_retired
            )
    if request.htmx and request.htmx.target == "org-tree-body":
        return render(request, "orgs/tree.html#tree-body", ctx)
    return render(request, "orgs/tree.html", ctx)


@policy(VIEW)
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's direct children (an htmx fragment; a plain request goes to the unit's page)."""
    unit = get_visible_or_404(request.user, OrgUnit, VIEW, pk=pk)
    if not request.htmx:
        return redirect("orgs:unit", pk=unit.pk)
    include_retired = _include_retired(request)
    kids = selectors.unit_children_list(user=request.user, unit=unit, include_retired=include_retired)
    return render(
        request,
        "orgs/tree.html#children",
        {"units": kids, "include_retired": include_retired, "parent": unit},
    )


# --- a unit's page ----------------------------------------------------------------------------------


def _previous_names(unit: OrgUnit) -> list[str]:
    """曾用名 as display strings, whatever shape the importer stored (strings or {name, until})."""
    out = []
    for item in unit.previous_names or []:
        if isinstance(item, dict):
            name = item.get("name", "")
            when = item.get("until") or item.get("date") or ""
            out.append(f"{name}（至{when}）" if when else name)
        else:
            out.append(str(item))
    return out


@policy(VIEW)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit: its facts, sub-units with counts, zone(s) and federation."""
    unit = get_visible_or_404(request.user, OrgUnit.objects.select_related("zone"), VIEW, pk=pk)
    include_retired = _include_retired(request)
    subunits = list(
        selectors.unit_children_list(user=request.user, unit=unit, include_retired=include_retired)
    )
    stats, table = compute_stats(request.user, subunits)
    ctx = {
        "unit": unit,
        "breadcrumbs": selectors.unit_breadcrumbs(user=request.user, unit=unit),
        "previous_names": _previous_names(unit),
        "subunits": [(u, [table[u.pk].get(s.key, 0) for s in stats]) for u in subunits],
        "stats": stats,
        "include_retired": include_retired,
        "federation": selectors.federation_for_unit(user=request.user, unit=unit),
        "can_edit_federation": can(request.user, FED_CHANGE, unit),
        "is_town": unit.level == Level.TOWN,
    }
    if unit.level == Level.TOWN:
        ctx["zones"] = list(selectors.zone_list_for_town(user=request.user, town=unit))
        ctx["can_edit_zones"] = can(request.user, ZONE_CHANGE, unit)
    return render(request, "orgs/unit_detail.html", ctx)


# --- federation seats -------------------------------------------------------------------------------


@policy(FED_CHANGE)
def federation_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(request.user, OrgUnit, VIEW, pk=pk)
    require(request.user, FED_CHANGE, unit)
    form = FederationMemberForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.federation_member_create(unit=unit, **data),
        success=lambda member: f"已添加{member}",
    ):
        return redirect("orgs:unit", pk=unit.pk)
    return render(request, "orgs/federation_form.html", _fed_ctx(request, unit, form, None))


@policy(FED_CHANGE)
def federation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request.user, FederationMember.objects.select_related("unit"), VIEW, pk=pk)
    require(request.user, FED_CHANGE, member)
    form = FederationMemberForm.for_member(member, request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.federation_member_update(member=member, **data),
        success=lambda _: f"已保存{member}",
    ):
        return redirect("orgs:unit", pk=member.unit_id)
    return render(request, "orgs/federation_form.html", _fed_ctx(request, member.unit, form, member))


def _fed_ctx(request, unit, form, member) -> dict:
    return {
        "unit": unit,
        "form": form,
        "member": member,
        "breadcrumbs": [*selectors.unit_breadcrumbs(user=request.user, unit=unit), unit],
    }


@policy(FED_CHANGE)
def federation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a seat's term on a given day (the htmx version swaps the form in place)."""
    member = get_visible_or_404(request.user, FederationMember.objects.select_related("unit"), VIEW, pk=pk)
    require(request.user, FED_CHANGE, member)
    form = TermEndForm(request.POST or None, member=member)
    if submitted(
        request,
        form,
        lambda data: services.federation_member_end(member=member, term_end=data["term_end"]),
        success=lambda _: f"{member.name}的任期已于{member.term_end:%Y-%m-%d}结束",
    ):
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("orgs:unit", args=[member.unit_id])
            return response
        return redirect("orgs:unit", pk=member.unit_id)
    ctx = _fed_ctx(request, member.unit, form, member)
    if request.htmx:
        return render(request, "orgs/federation_end.html#end-form", ctx)
    return render(request, "orgs/federation_end.html", ctx)


# --- zones ------------------------------------------------------------------------------------------


def _town_for_zones(request: HttpRequest, pk: int) -> OrgUnit:
    town = get_visible_or_404(request.user, OrgUnit, VIEW, pk=pk)
    if town.level != Level.TOWN:
        raise Http404("只有乡镇/街道可以设置片区")
    require(request.user, ZONE_CHANGE, town)
    return town


def _zone_ctx(request, town, **extra) -> dict:
    return {
        "town": town,
        "breadcrumbs": [*selectors.unit_breadcrumbs(user=request.user, unit=town), town],
        **extra,
    }


@policy(ZONE_CHANGE)
def zone_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A town's zones and which of its villages each holds."""
    town = _town_for_zones(request, pk)
    villages = list(selectors.town_villages(user=request.user, town=town))
    ctx = _zone_ctx(
        request,
        town,
        zones=selectors.zone_list_for_town(user=request.user, town=town),
        unzoned=[v for v in villages if v.zone_id is None],
        village_count=len(villages),
    )
    return render(request, "orgs/zone_list.html", ctx)


@policy(ZONE_CHANGE)
def zone_create(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town_for_zones(request, pk)
    form = ZoneForm(request.POST or None, villages_qs=selectors.town_villages(user=request.user, town=town))
    if submitted(
        request,
        form,
        lambda data: services.zone_create(town=town, **data),
        success=lambda zone: f"已创建片区“{zone.name}”",
    ):
        return redirect("orgs:zones", pk=town.pk)
    return render(request, "orgs/zone_form.html", _zone_ctx(request, town, form=form, zone=None))


def _zone_for_change(request: HttpRequest, pk: int) -> Zone:
    zone = get_visible_or_404(request.user, Zone.objects.select_related("town"), VIEW, pk=pk)
    require(request.user, ZONE_CHANGE, zone)
    return zone


@policy(ZONE_CHANGE)
def zone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a zone and choose its villages."""
    zone = _zone_for_change(request, pk)
    town = zone.town
    initial = {
        "name": zone.name,
        "note": zone.note,
        "villages": list(zone.villages.values_list("pk", flat=True)),
    }
    form = ZoneForm(
        request.POST or None,
        initial=initial,
        villages_qs=selectors.town_villages(user=request.user, town=town),
    )
    if submitted(
        request,
        form,
        lambda data: services.zone_update(zone=zone, **data),
        success=lambda _: f"已保存片区“{zone.name}”",
    ):
        return redirect("orgs:zones", pk=town.pk)
    return render(request, "orgs/zone_form.html", _zone_ctx(request, town, form=form, zone=zone))


@policy(ZONE_CHANGE)
@require_POST
def zone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a zone; one still holding villages needs the 'unassign' confirmation."""
    zone = _zone_for_change(request, pk)
    form = ZoneDeleteForm(request.POST)
    form.is_valid()
    try:
        services.zone_delete(zone=zone, unassign=form.cleaned_data.get("unassign", False))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已删除片区“{zone.name}”")
    return redirect("orgs:zones", pk=zone.town_id)
