"""An assessment: creation, settings, automatic items, inspection groups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.accounts.models import User
from fulian.core.forms import post_text
from fulian.core.scoping import can, get_visible_or_404, policy, require
from fulian.core.viewhelpers import pressed
from fulian.orgs.models import Level, OrgUnit, Zone

from .. import selectors, services
from ..models import (
    Appeal,
    Rubric,
)
from .common import GROUP_ROLES, MANAGE, VIEW, _assessment, _dec, _int

# --- the assessment ---------------------------------------------------------------------------------

SETTING_LABELS = {
    "weight_self": "自评权重",
    "weight_regular": "平时权重",
    "weight_final": "年终权重",
    "bonus_cap": "加分上限",
    "diff_threshold": "自评差异提示",
}


def _settings_from(post) -> dict:
    out: dict = {}
    for k, label in SETTING_LABELS.items():
        parse = _int if k.startswith("weight_") else _dec
        v = parse(post.get(k, ""), label)
        if v is not None:
            out[k] = v
    bands = post_text(post, "bands", label="等次分数线")
    if bands:
        try:
            out["bands"] = [
                [name.strip(), float(cut)]
                for name, cut in (part.split(":") for part in bands.replace("：", ":").split(","))
            ]
        except ValueError as exc:
            raise ValidationError("等次分数线格式应为 优秀:90,良好:80,合格:60,不合格:0") from exc
    return out


@policy(MANAGE)
@require_POST
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    written = pressed(
        request,
        lambda: services.assessment_create(
            user=request.user,
            rubric=rubric,
            title=post_text(request.POST, "title", label="考核名称") or f"{rubric.year}年度村级妇联工作考核",
            settings=_settings_from(request.POST),
        ),
    )
    if written is None:
        return redirect("assessment:rubric", rubric.pk)
    a = written.value
    return redirect("assessment:detail", a.pk)


@policy(VIEW)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    manage = can(request.user, MANAGE, a)
    ctx = {
        "a": a,
        "sheets": list(selectors.sheets_visible(user=request.user, assessment=a)),
        "manage": manage,
        "bands_text": ",".join(f"{n}:{c:g}" for n, c in a.bands),
    }
    if manage:
        ctx |= {
            "groups": list(selectors.groups_of(assessment=a)),
            "cross_checks": list(a.cross_checks.select_related("zone")),
            "draws": list(a.draws.select_related("created_by")),
            "meetings": list(a.meetings.select_related("zone")),
            "zones": list(Zone.objects.filter(town=a.unit)),
            "appeals": list(Appeal.objects.filter(sheet__assessment=a).select_related("sheet__village")),
        }
    return render(request, "assessment/assessment_detail.html", ctx)


@policy(MANAGE)
@require_POST
def assessment_settings(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    pressed(
        request,
        lambda: services.assessment_settings(
            user=request.user, assessment=a, settings=_settings_from(request.POST)
        ),
        success="考核设置已保存",
    )
    return redirect("assessment:detail", a.pk)


@policy(MANAGE)
@require_POST
def auto_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    n = services.auto_scores_refresh(user=request.user, assessment=a)
    messages.success(request, f"已按台账数据自动计分{n}项")
    return redirect("assessment:detail", a.pk)


@policy(MANAGE)
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    staff = (
        User.objects.filter(
            memberships__unit__path__startswith=a.unit.path[:12],
            memberships__is_active=True,
            memberships__role__in=GROUP_ROLES,
        )
        .distinct()
        .order_by("id")
    )
    if request.method == "POST":
        p = request.POST

        def save():
            leader = staff.filter(pk=p.get("leader") or 0).first()
            if leader is None:
                raise ValidationError({"leader": "请选择组长"})
            return services.group_save(
                user=request.user,
                assessment=a,
                name=post_text(p, "name", label="考核组名称"),
                leader=leader,
                members=list(staff.filter(pk__in=p.getlist("members"))),
                items=list(a.rubric.items().filter(pk__in=p.getlist("items"))),
                villages=list(OrgUnit.objects.filter(pk__in=p.getlist("villages"), level=Level.VILLAGE)),
            )

        if pressed(request, save, success="考核组已保存"):
            return redirect("assessment:detail", a.pk)
    return render(
        request,
        "assessment/group_form.html",
        {
            "a": a,
            "staff": list(staff),
            "items": list(a.rubric.items()),
            "sheets": list(a.sheets.select_related("village")),
        },
    )
