"""Results, publication, appeals and exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import post_text
from fulian.core.scoping import can, get_visible_or_404, policy, require
from fulian.core.viewhelpers import pressed

from .. import exports, selectors, services
from ..models import (
    Appeal,
    Assessment,
)
from .common import MANAGE, VIEW, _assessment, _int, _sheet

# --- results, publication, appeals, exports -----------------------------------------------------------


@policy(VIEW)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    manage = can(request.user, MANAGE, a)
    if not manage and a.status == Assessment.Status.OPEN and not can(request.user, "assessment.score", a):
        return render(request, "assessment/results.html", {"a": a, "rows": [], "unpublished": True})
    rows = selectors.results(assessment=a, user=request.user)
    categories = list(a.rubric.categories.all())
    for r in rows:
        r.category_cells = [r.result.by_category.get(c.pk, [0, 0])[0] for c in categories]
    return render(
        request,
        "assessment/results.html",
        {"a": a, "rows": rows, "categories": categories, "manage": manage},
    )


@policy(MANAGE)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment(request, pk)
    pressed(
        request,
        lambda: services.assessment_publish(
            user=request.user,
            assessment=a,
            appeal_days=_int(request.POST.get("appeal_days", ""), "申诉期") or 5,
        ),
        success="考核结果已公布",
    )
    return redirect("assessment:results", a.pk)


@policy(MANAGE)
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_visible_or_404(
        request.user, Appeal.objects.select_related("sheet__assessment"), MANAGE, pk=pk
    )
    pressed(
        request,
        lambda: services.appeal_decide(
            user=request.user,
            appeal=appeal,
            outcome=request.POST.get("outcome", ""),
            response=post_text(request.POST, "response", label="处理意见", multiline=True),
        ),
        success="申诉处理结果已记录",
    )
    return redirect("assessment:detail", appeal.sheet.assessment_id)


@policy(MANAGE)
def ranking_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    a = _assessment(request, pk)
    require(request.user, MANAGE, a)
    return exports.ranking(a, fmt)


@policy(VIEW)
def sheet_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    a = sheet.assessment
    if not (can(request.user, MANAGE, a) or a.status != Assessment.Status.OPEN):
        raise PermissionDenied("考核结果公布后才能导出")
    return exports.sheet(sheet, fmt, user=request.user)
