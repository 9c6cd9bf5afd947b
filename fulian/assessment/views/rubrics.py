"""Assessment list and rubric editing."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import post_text
from fulian.core.scoping import get_visible_or_404, policy, scope_for, visible
from fulian.core.viewhelpers import pressed
from fulian.orgs.models import Level, OrgUnit
from fulian.orgs.selectors import units_granting

from .. import selectors, services
from ..models import (
    Category,
    Item,
    Rubric,
)
from .common import MANAGE, VIEW, _dec, _int

# --- lists and rubrics -------------------------------------------------------------------------------


@policy(VIEW)
def assessment_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "assessment/assessment_list.html",
        {
            "assessments": list(selectors.assessment_list(user=request.user)),
            "rubrics": list(visible(request.user, Rubric, MANAGE).select_related("unit")[:50]),
            "towns": list(units_granting(user=request.user, capability=MANAGE, level=Level.TOWN)[:200]),
            "can_manage": scope.has(MANAGE),
        },
    )


@policy(MANAGE)
@require_POST
def rubric_create(request: HttpRequest) -> HttpResponse:
    town = get_visible_or_404(request.user, OrgUnit, MANAGE, pk=request.POST.get("unit") or 0)
    written = pressed(
        request,
        lambda: services.rubric_create(
            user=request.user,
            unit=town,
            year=_int(request.POST.get("year", ""), "年度") or 0,
            title=post_text(request.POST, "title", label="标题"),
        ),
    )
    if written is None:
        return redirect("assessment:list")
    return redirect("assessment:rubric", written.value.pk)


@policy(MANAGE)
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    return render(
        request,
        "assessment/rubric_detail.html",
        {
            "rubric": rubric,
            "categories": list(rubric.categories.prefetch_related("items")),
            "locked": rubric.scoring_started,
            "methods": Item.Method.choices,
            "kinds": Item.Kind.choices,
        },
    )


@policy(MANAGE)
@require_POST
def rubric_copy(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    written = pressed(
        request,
        lambda: services.rubric_copy(
            user=request.user, rubric=rubric, year=_int(request.POST.get("year", ""), "年度") or rubric.year
        ),
        success=lambda new: f"已复制为{new}",
    )
    return redirect("assessment:rubric", written.value.pk if written else rubric.pk)


@policy(MANAGE)
@require_POST
def category_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=pk)
    pressed(
        request,
        lambda: services.category_save(
            user=request.user,
            rubric=rubric,
            name=post_text(request.POST, "name", label="类别名称"),
            order=_int(request.POST.get("order", ""), "顺序") or 0,
        ),
    )
    return redirect("assessment:rubric", rubric.pk)


def _item_data(p) -> dict:
    return {
        "title": post_text(p, "title", label="考核内容"),
        "max_points": _dec(p.get("max_points", ""), "分值") or Decimal("0"),
        "method": p.get("method", Item.Method.DOCUMENTS),
        "kind": p.get("kind", Item.Kind.NORMAL),
        "guidance": post_text(p, "guidance", label="评分说明", multiline=True),
        "figure_key": p.get("figure_key", "").strip(),
        "target": _dec(p.get("target", ""), "满分标准"),
        "order": _int(p.get("order", ""), "顺序") or 0,
    }


@policy(MANAGE)
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_visible_or_404(request.user, Category, MANAGE, pk=pk)
    pressed(
        request,
        lambda: services.item_save(user=request.user, category=category, data=_item_data(request.POST)),
    )
    return redirect("assessment:rubric", category.rubric_id)


@policy(MANAGE)
@require_POST
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    it = get_visible_or_404(request.user, Item.objects.select_related("category__rubric"), MANAGE, pk=pk)
    pressed(
        request,
        lambda: services.item_save(
            user=request.user, category=it.category, item=it, data=_item_data(request.POST)
        ),
        success=f"“{it.title}”已保存",
    )
    return redirect("assessment:rubric", it.category.rubric_id)


@policy(MANAGE)
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    it = get_visible_or_404(request.user, Item, MANAGE, pk=pk)
    rubric_id = it.category.rubric_id
    pressed(request, lambda: services.item_delete(user=request.user, item=it))
    return redirect("assessment:rubric", rubric_id)
