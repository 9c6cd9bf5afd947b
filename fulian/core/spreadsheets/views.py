"""Generic pages of Excel in and out, parameterised by spec name. Each spec names its own capability:
a role without it gets 403; a unit or job outside the user's reach is a 404."""

from __future__ import annotations

import tempfile
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.disclosure import Disclosure
from fulian.core.models import AccessLog
from fulian.core.replicas import reading_from_replica
from fulian.core.scoping import get_visible_or_404, login_only, require, scope_for, visible
from fulian.core.viewhelpers import page_of
from fulian.orgs.models import OrgUnit

from . import services
from .export import export_workbook, xlsx_response
from .models import ImportJob
from .reader import FileProblem, max_bytes, max_rows
from .spec import ExportContext, ImportContext, get_export_spec, get_import_spec
from .template import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _target_unit(request: HttpRequest, capability: str) -> OrgUnit:
    """The unit named by ?unit= (404 outside the user's scope), else her first home unit."""
    unit_id = request.POST.get("unit") or request.GET.get("unit")
    if unit_id:
        return get_visible_or_404(request.user, OrgUnit, capability, pk=unit_id)
    unit = scope_for(request.user).units(capability).first()
    if unit is None:  # the capability holds, but only on units that no longer exist
        raise PermissionDenied("您没有可导入的组织")
    return unit


@login_only
def template_download(request: HttpRequest, spec_name: str) -> FileResponse:
    spec = get_import_spec(spec_name)
    require(request.user, spec.capability)
    unit = _target_unit(request, spec.capability)
    wb = template_workbook(spec, ImportContext(user=request.user, unit=unit, capability=spec.capability))
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{spec.title}导入模板.xlsx", content_type=XLSX)


@login_only
def import_start(request: HttpRequest, spec_name: str) -> HttpResponse:
    spec = get_import_spec(spec_name)
    require(request.user, spec.capability)
    unit = _target_unit(request, spec.capability)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的 Excel 文件。"
        else:
            try:
                job = services.import_job_create(
                    user=request.user,  # type: ignore[arg-type]  # signed in (@login_only)
                    spec=spec,
                    unit=unit,
                    upload=upload,
                    strict=request.POST.get("strict") == "on",
                )
            except FileProblem as exc:
                error = str(exc)
            else:
                return redirect("spreadsheets:job", pk=job.pk)
    context = {
        "spec": spec,
        "unit": unit,
        "units": scope_for(request.user).units(spec.capability),
        "error": error,
        "max_mb": max_bytes() // (1024 * 1024),
        "max_rows": max_rows(),
        "jobs": visible(request.user, ImportJob, spec.capability).filter(spec=spec.name)[:5],
    }
    return render(request, "spreadsheets/import_start.html", context, status=400 if error else 200)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_visible_or_404(request.user, ImportJob.objects.select_related("unit"), "", pk=pk)
    require(request.user, get_import_spec(job.spec).capability)
    return job


def _fresh_job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, after failing it if its worker has died (a cheap check; the clean-up does it too)."""
    services.import_jobs_fail_stale()
    return _job(request, pk)


@login_only
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _fresh_job(request, pk)
    errors = page_of(request, job.errors, 50)
    spec = get_import_spec(job.spec)
    return render(request, "spreadsheets/job_detail.html", {"job": job, "spec": spec, "errors": errors})


@login_only
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _fresh_job(request, pk)
    response = render(request, "spreadsheets/job_detail.html#progress", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"  # the step is over: reload to show the preview or result
    return response


@require_POST
@login_only
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.import_job_confirm(job=job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("spreadsheets:job", pk=job.pk)


@require_POST
@login_only
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.import_job_cancel(job=job)
        messages.success(request, "已取消该导入，上传的文件已删除。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("spreadsheets:job", pk=job.pk)


@require_POST
@login_only
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the file again for a job that ended without writing (failed, rejected, cancelled, expired):
    a new job with the same type, unit and mode. The old upload was deleted when the job ended."""
    job = _job(request, pk)
    spec = get_import_spec(job.spec)
    require(request.user, spec.capability, job.unit)
    upload = request.FILES.get("file")
    if not job.can_retry:
        messages.error(request, "该导入没有结束，或已经写入，不能重新上传。")
    elif upload is None:
        messages.error(request, "请选择要上传的 Excel 文件。")
    else:
        try:
            new = services.import_job_create(
                user=request.user,  # type: ignore[arg-type]  # signed in (@login_only)
                spec=spec,
                unit=job.unit,
                upload=upload,
                strict=job.strict,
                retry_of=job,
            )
        except FileProblem as exc:
            messages.error(request, str(exc))
        else:
            return redirect("spreadsheets:job", pk=new.pk)
    return redirect("spreadsheets:job", pk=job.pk)


@login_only
def job_list(request: HttpRequest) -> HttpResponse:
    services.import_jobs_fail_stale()
    jobs = visible(request.user, ImportJob.objects.select_related("unit"), "")
    page = page_of(request, jobs, 20)
    return render(request, "spreadsheets/job_list.html", {"page": page})


@login_only
@reading_from_replica()  # the rows from a replica; the access log, written after them, to the primary
def export(request: HttpRequest, spec_name: str) -> HttpResponseBase:
    """A registered export: rows from the spec's scoped selector, personal data in full only on rows whose
    own unit lies in the user's unmask scope, the disclosure written to the access log."""
    spec = get_export_spec(spec_name)
    require(request.user, spec.capability)
    unit = _target_unit(request, spec.capability) if request.GET.get("unit") else None
    disclosure = Disclosure(request.user, spec.unmask_capability)
    ctx = ExportContext(user=request.user, params=request.GET, disclosure=disclosure)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    count = export_workbook(spec, spec.rows(request.user, request.GET), ctx, out)
    filters = "&".join(f"{k}={v}" for k, v in request.GET.items() if v)
    disclosure.log(
        action=AccessLog.Action.EXPORT,
        target_type=spec.name,
        target_label=spec.title,
        unit=unit or scope_for(request.user).units(spec.capability).first(),
        detail=f"导出 {count} 行" + (f"（{filters}）" if filters else ""),
    )
    out.seek(0)
    return xlsx_response(out, spec.filename())
