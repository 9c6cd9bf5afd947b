"""Cross-checks, random draws and zone meetings."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.accounts.models import User
from fulian.core.forms import post_text
from fulian.core.scoping import get_visible_or_404, policy, require, visible
from fulian.core.viewhelpers import pressed
from fulian.orgs.models import OrgUnit, Zone

from .. import services
from ..models import (
    CrossCheck,
    CrossCheckPair,
    Draw,
)
from .common import MANAGE, _assessment, _dec, _int

# --- cross-checks, draws, meetings ---------------------------------------------------------------------


@policy(MANAGE)
@require_POST
def cross_check_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    zone = Zone.objects.filter(pk=request.POST.get("zone") or 0, town=a.unit).first()
    written = pressed(
        request,
        lambda: services.cross_check_generate(
            user=request.user, assessment=a, zone=zone, seed=request.POST.get("seed", "")
        ),
    )
    if written is None:
        return redirect("assessment:detail", a.pk)
    cc = written.value
    return redirect("assessment:cross_check", cc.pk)


@policy(MANAGE)
def cross_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cc = get_visible_or_404(
        request.user, CrossCheck.objects.select_related("assessment", "zone"), MANAGE, pk=pk
    )
    pairs = list(cc.pairs.select_related("checker", "checked", "supervisor").order_by("checker__path"))
    leaders = {g.leader for g in cc.assessment.groups.select_related("leader")}
    return render(
        request,
        "assessment/cross_check.html",
        {
            "cc": cc,
            "pairs": pairs,
            "leaders": sorted(leaders, key=lambda u: u.pk),
            "print": request.GET.get("print") == "1",
        },
    )


@policy(MANAGE)
@require_POST
def pair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_visible_or_404(
        request.user, CrossCheckPair.objects.select_related("cross_check"), MANAGE, pk=pk
    )
    checked = pair.cross_check.pairs.filter(checked_id=request.POST.get("checked") or 0).first()
    supervisor = User.objects.filter(pk=request.POST.get("supervisor") or 0).first()
    pressed(
        request,
        lambda: services.cross_check_pair_edit(
            user=request.user,
            pair=pair,
            checked=checked.checked if checked else pair.checked,
            supervisor=supervisor,
        ),
        success="已调整",
    )
    return redirect("assessment:cross_check", pair.cross_check_id)


@policy(MANAGE)
def draw_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    current = services.current_draw(a)
    if request.method == "POST":
        p = request.POST

        def draw():
            ratio = _dec(p.get("women_percent", ""), "抽取妇女比例")
            vratio = _dec(p.get("village_percent", ""), "抽村比例")
            return services.draw_create(
                user=request.user,
                assessment=a,
                seed=p.get("seed", ""),
                village_count=_int(p.get("village_count", ""), "抽取村数"),
                village_ratio=vratio / 100 if vratio is not None else None,
                by_zone=p.get("by_zone") == "1",
                women_ratio=(ratio or Decimal("0")) / 100,
                supersedes=current if current else None,
                reason=p.get("reason", ""),
            )

        if written := pressed(request, draw):
            return redirect("assessment:draw", written.value.pk)
    return render(request, "assessment/draw_form.html", {"a": a, "current": current})


@policy(MANAGE)
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from fulian.people.models import Person

    d = get_visible_or_404(
        request.user, Draw.objects.select_related("assessment", "created_by"), MANAGE, pk=pk
    )
    villages = {v.pk: v for v in OrgUnit.objects.filter(pk__in=d.result.get("villages", []))}
    people = {
        p.pk: p
        for p in visible(request.user, Person, "people.view").filter(pk__in=d.person_ids()).only("name")
    }
    rows = [
        (
            villages.get(v),
            [people.get(pid) for pid in d.result.get("women", {}).get(str(v), [])],
            d.population.get("women", {}).get(str(v), 0),
        )
        for v in d.result.get("villages", [])
    ]
    return render(request, "assessment/draw_detail.html", {"d": d, "rows": rows})


@policy(MANAGE)
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    from django.forms import DateField

    held_on = DateField(error_messages={"invalid": "日期格式应为 年-月-日", "required": "请填写日期"})
    pressed(
        request,
        lambda: services.meeting_add(
            user=request.user,
            assessment=a,
            held_on=held_on.clean(request.POST.get("held_on", "")),
            attendees=post_text(request.POST, "attendees", label="参加人员", multiline=True),
            notes=post_text(request.POST, "notes", label="座谈情况", multiline=True),
            zone=Zone.objects.filter(pk=request.POST.get("zone") or 0, town=a.unit).first(),
        ),
        success="座谈记录已保存",
    )
    return redirect("assessment:detail", a.pk)
