"""Pages of what supports or blocks a nomination: its files (uploaded on the nomination page, listed
there by `{% nomination_files %}`, downloaded by whoever may see the nomination — logged when the file
holds personal data — and deleted before the decision), and the family-planning violation records the
county and the towns keep for the veto (`honours.review`: names masked on the list, the record's page
logged)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fulian.core.masking import mask_name
from fulian.core.models import AccessLog
from fulian.core.scoping import get_visible_or_404, policy, visible
from fulian.core.services import access_log_write
from fulian.core.viewhelpers import form_page, page_of, pressed, submitted

from . import services_support
from .capabilities import NOMINATE, REVIEW, VIEW
from .forms_more import FamilyPlanningForm, NominationFileForm
from .models import FamilyPlanningRecord, Nomination, NominationFile

# --- files of a nomination ----------------------------------------------------------------------


@policy(NOMINATE)
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_visible_or_404(request.user, Nomination, VIEW, pk=pk)
    form = NominationFileForm(request.POST, request.FILES)
    pressed(
        request,
        lambda: services_support.file_add(user=request.user, nomination=nomination, **form.cleaned_data),
        form=form,
        success="已上传推荐材料",
        invalid="请选择类别和文件（推荐材料）",
    )
    return redirect("honours:nomination", pk=pk)


@policy(VIEW)
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    f = get_visible_or_404(request.user, NominationFile.objects.select_related("nomination"), VIEW, pk=pk)
    if f.personal:
        access_log_write(
            user=request.user,
            action=AccessLog.Action.VIEW,
            target=f.nomination,
            detail=f"下载推荐材料：{f.name}",
        )
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name)


@policy(NOMINATE)
@require_POST
def file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    f = get_visible_or_404(request.user, NominationFile.objects.select_related("nomination"), VIEW, pk=pk)
    pressed(
        request,
        lambda: services_support.file_delete(user=request.user, file=f),
        success=f"已删除推荐材料“{f.name}”",
    )
    return redirect("honours:nomination", pk=f.nomination_id)


# --- family-planning records --------------------------------------------------------------------


@policy(REVIEW)
def family_planning_list(request: HttpRequest) -> HttpResponse:
    rows = visible(request.user, FamilyPlanningRecord, REVIEW).select_related("person")
    page = page_of(request, rows.order_by("-occurred_on", "-id"))
    for r in page:
        r.masked = mask_name(r.person.name)
    return render(request, "honours/family_planning_list.html", {"records": page})


@policy(REVIEW)
def family_planning_create(request: HttpRequest) -> HttpResponse:
    form = FamilyPlanningForm(request.POST or None, user=request.user)
    if written := submitted(
        request,
        form,
        lambda data: services_support.family_planning_add(user=request.user, **data),
        success="已登记，设置了该项一票否决的称号将据此审查",
    ):
        return redirect("honours:family_planning", pk=written.value.pk)
    return form_page(request, form, "登记违反计划生育政策记录", back=reverse("honours:family_planning_list"))


@policy(REVIEW)
def family_planning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(
        request.user, FamilyPlanningRecord.objects.select_related("person__village"), REVIEW, pk=pk
    )
    access_log_write(
        user=request.user, action=AccessLog.Action.VIEW, target=record, unit=record.person.village
    )
    return render(request, "honours/family_planning.html", {"r": record})


@policy(REVIEW)
@require_POST
def family_planning_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(request.user, FamilyPlanningRecord, REVIEW, pk=pk)
    services_support.family_planning_delete(user=request.user, record=record)
    messages.success(request, "已删除该记录")
    return redirect("honours:family_planning_list")
