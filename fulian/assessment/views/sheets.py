"""Audit sheets: scoring, submit/return/lock, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import post_text
from fulian.core.scoping import can, get_visible_or_404, policy
from fulian.core.viewhelpers import pressed

from .. import selectors, services
from ..models import (
    Assessment,
    Evidence,
    Sheet,
)
from .common import MANAGE, VIEW, _sheet

# --- sheets -----------------------------------------------------------------------------------------


@policy(VIEW)
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    a = sheet.assessment
    u = request.user
    manage = can(u, MANAGE, a)
    published = a.status != Assessment.Status.OPEN
    show_final = manage or can(u, "assessment.score", sheet) or published
    result = None
    if show_final:
        result = next((r for r in selectors.results(assessment=a) if r.sheet.pk == sheet.pk), None)
    return render(
        request,
        "assessment/sheet_detail.html",
        {
            "sheet": sheet,
            "a": a,
            "rows": selectors.sheet_rows(user=u, sheet=sheet),
            "can_self": can(u, "assessment.self_score", sheet)
            and sheet.status in (Sheet.Status.DRAFT, Sheet.Status.RETURNED),
            "can_score": can(u, "assessment.score", sheet) and sheet.status != Sheet.Status.LOCKED,
            "manage": manage,
            "show_final": show_final,
            "result": result,
            "evidence": list(sheet.evidence.select_related("item")),
            "appeals": list(sheet.appeals.all()),
            "can_appeal": published and can(u, "assessment.self_score", sheet),
        },
    )


@policy(VIEW)
@require_POST
def sheet_score(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    p = request.POST
    it = sheet.assessment.rubric.items().filter(pk=p.get("item") or 0).first()
    if it is None:
        messages.error(request, "请选择考核项目")
        return redirect("assessment:sheet", sheet.pk)
    fn = services.score_self if p.get("part") == "self" else services.score_final
    pressed(
        request,
        lambda: fn(
            user=request.user,
            sheet=sheet,
            item=it,
            points=p.get("points", "").strip() or None,
            deduction=p.get("deduction", "").strip() or None,
            reason=post_text(p, "reason", label="扣分理由", multiline=True),
            vetoed=p.get("vetoed") == "1",
        ),
        success=f"“{it.title}”已评分",
    )
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
@require_POST
def sheet_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sheet, p, user = _sheet(request, pk), request.POST, request.user
    actions = {
        "submit": (lambda: services.sheet_submit(user=user, sheet=sheet), "已提交自评"),
        "return": (
            lambda: services.sheet_return(
                user=user, sheet=sheet, reason=post_text(p, "reason", label="退回理由", multiline=True)
            ),
            "已退回修改",
        ),
        "lock": (lambda: services.sheet_lock(user=user, sheet=sheet), "已锁定"),
        "notes": (
            lambda: services.sheet_notes(
                user=user,
                sheet=sheet,
                regular_points=p.get("regular_points"),
                cross_findings=post_text(p, "cross_findings", label="互查意见", multiline=True)
                if "cross_findings" in p
                else None,
            ),
            "已保存",
        ),
        "appeal": (
            lambda: services.appeal_file(
                user=user, sheet=sheet, content=post_text(p, "content", label="申诉内容", multiline=True)
            ),
            "申诉已提交",
        ),
    }
    if action not in actions:
        raise PermissionDenied("未知操作")
    write, done = actions[action]
    pressed(request, write, success=done)
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    upload = request.FILES.get("file")
    it = sheet.assessment.rubric.items().filter(pk=request.POST.get("item") or 0).first()
    if upload is None:
        messages.error(request, "请选择文件")
    else:
        pressed(
            request,
            lambda: services.evidence_add(user=request.user, sheet=sheet, upload=upload, item=it),
            success="佐证材料已上传",
        )
    return redirect("assessment:sheet", sheet.pk)


@policy(VIEW)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    ev = get_visible_or_404(request.user, Evidence.objects.select_related("sheet"), VIEW, pk=pk)
    _sheet(request, ev.sheet_id)  # the sheet rule (assessors: their villages only) applies to its files
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)
