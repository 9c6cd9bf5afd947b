"""The statistics as charts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fulian.core.figures import meta
from fulian.core.scoping import policy

from ..stats_table import is_number
from .common import _period_form, _unit_param_or_404
from .snapshot import shown


@policy("reports.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The statistics as charts for the user's scope (the figures of the statistics snapshot); clicking a
    sub-unit's bar drills down into it."""
    _unit_param_or_404(request, "reports.view")
    form = _period_form(request)
    charts = []
    context: dict = {"table": None, "page": "dashboard"}
    if form.is_valid():
        context.update(shown(request, form))
        table = context["table"]
        for row in table["rows"] if table else ():
            if meta(row["key"]).kind == "share" or not row["value"] or not is_number(row["value"]):
                continue
            if not all(is_number(v) for v in row["children"]):
                continue  # suppressed small numbers ("不足5") are never drawn
            charts.append(
                {
                    "key": row["key"],
                    "title": row["label"] + (f"（{row['unit']}）" if row["unit"] else ""),
                    "names": [c.name for c in table["children"]],
                    "ids": [c.pk for c in table["children"]],
                    "values": [float(v or 0) for v in row["children"]],
                    "total": float(row["value"] or 0),
                    "previous": float(row["previous"] or 0),
                    "kind": row["kind"],
                }
            )
            if len(charts) >= 12:
                break
    params = request.GET.copy()
    params.pop("unit", None)
    return render(
        request,
        "reports/dashboard.html",
        {**context, "form": form, "charts": charts, "base_query": params.urlencode()},
    )
