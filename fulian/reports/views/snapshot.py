"""The statistics snapshot behind the statistics page and the dashboard (fulian/reports/snapshots.py): the
figures shown, the progress of a computation (polled by htmx), and "刷新"."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fulian.core.scoping import get_visible_or_404, policy

from ..forms import PeriodForm
from ..models import SnapshotStatus, StatsSnapshot
from ..snapshots import audience, fail_stale, snapshot_for, table_of
from .common import _query, _unit_param_or_404

PAGES = ("stats", "dashboard")


def unit_and_period(request: HttpRequest, form: PeriodForm):
    """The unit (checked against the user's scope) and period of a valid form."""
    unit = get_visible_or_404(
        request.user, type(form.cleaned_data["unit"]), "reports.view", pk=form.cleaned_data["unit"].pk
    )
    return unit, form.cleaned_data["period"]


def shown(request: HttpRequest, form: PeriodForm) -> dict:
    """What a page shows of the snapshot: the snapshot (its computation queued if missing or stale) and its
    table with the unit and period, or no table while the first one is computed."""
    unit, period = unit_and_period(request, form)
    snapshot = snapshot_for(user=request.user, unit=unit, period=period)
    table = table_of(snapshot)
    if table is not None:
        table.update(unit=unit, period=period)
    return {"snapshot": snapshot, "table": table, "unit": unit, "period": period, "query": _query(form)}


def _asked(request: HttpRequest) -> PeriodForm:
    _unit_param_or_404(request, "reports.view")
    form = PeriodForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404("统计条件不完整")
    return form


@policy("reports.view")
def stats_status(request: HttpRequest) -> HttpResponse:
    """The progress line of a computation; tells htmx to reload the page once it is no longer running."""
    form = _asked(request)
    unit, period = unit_and_period(request, form)
    fail_stale()
    snapshot = StatsSnapshot.objects.filter(
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        period_kind=period.kind,
        audience=audience(request.user),
    ).first()
    if snapshot is None:
        raise Http404("没有这项统计")
    page = request.GET.get("page") if request.GET.get("page") in PAGES else "stats"
    resp = render(
        request,
        "reports/_snapshot_status.html",
        {"snapshot": snapshot, "query": _query(form), "page": page},
    )
    if snapshot.status != SnapshotStatus.PENDING:
        resp["HX-Refresh"] = "true"
    return resp


@require_POST
@policy("reports.view")
def stats_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a new computation of the figures now, fresh or not (once: not while one is queued or running)."""
    form = _asked(request)
    unit, period = unit_and_period(request, form)
    snapshot_for(user=request.user, unit=unit, period=period, refresh=True)
    page = request.POST.get("page") if request.POST.get("page") in PAGES else "stats"
    return redirect(reverse(f"reports:{page}") + "?" + _query(form))
