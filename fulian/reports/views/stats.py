"""The statistics page (with its Excel export) and the page of one figure."""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from fulian.core.figures import meta, records_url
from fulian.core.formatting import figure
from fulian.core.replicas import reading_from_replica
from fulian.core.scoping import get_visible_or_404, policy

from ..forms import PeriodForm
from ..stats_table import stats_table
from ..xlsx import stats_response
from .common import _period_form, _query, _unit_param_or_404
from .snapshot import shown


@policy("reports.view")
def stats(request: HttpRequest) -> HttpResponse:
    """The figures of the unit's snapshot (fulian/reports/snapshots.py); the export writes the same figures
    (computed in the request only while the first snapshot is not ready)."""
    _unit_param_or_404(request, "reports.view")
    form = _period_form(request)
    context: dict = {"form": form, "table": None, "query": _query(form), "page": "stats"}
    if form.is_valid():
        context.update(shown(request, form))
        if request.GET.get("format") == "xlsx":
            unit, period, table = context["unit"], context["period"], context["table"]
            if table is None:
                with reading_from_replica():
                    table = stats_table(request.user, unit, period)
            return stats_response(unit=unit, period=period, table=table)
        if context["table"] is not None:
            context["table_html"] = table_html(context["snapshot"], context["table"], context["query"])
    return render(request, "reports/stats.html", context)


def table_html(snapshot, table: dict, query: str) -> str:
    """The page's table, rendered once per computation of the snapshot and question in each web process
    (the `pages` cache): a county's is some 290 KB. The snapshot is the user's scope's own and the page has
    checked her access to the unit, and the table holds nothing of the user or the request, so its HTML can
    be reused for the same snapshot, computation and question."""
    version = (snapshot.data or {}).get("version")
    key = f"reports:stats:{snapshot.pk}:{version}:{hashlib.sha256(query.encode()).hexdigest()}"
    html = caches["pages"].get(key) if version else None
    if html is None:
        with_cells(table)
        html = render_to_string("reports/_stats_table.html", {"table": table, "query": query})
        if version:
            caches["pages"].set(key, str(html))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escaped it


def with_cells(table: dict) -> None:
    """Each row's sub-unit cells as one piece of HTML: a county's table has some 200 rows × 30 towns, and
    Django's template engine took about 100 ms per page to write those cells one by one. The same value of
    the same kind is formatted once (most cells are a handful of small numbers)."""
    written: dict = {}

    def cell(value, kind: str) -> str:
        key = (type(value), value, kind)
        if key not in written:
            written[key] = f'<td class="text-end">{escape(figure(value, kind))}</td>'
        return written[key]

    for row in table["rows"]:
        kind = row["kind"]
        row["cells"] = mark_safe("".join(cell(v, kind) for v in row["children"]))  # noqa: S308 - escaped


@policy("reports.view")
@reading_from_replica()
def figure_trace(request: HttpRequest, key: str) -> HttpResponse:
    """Where a figure comes from: its value, its sub-units' values, and the app's list of records."""
    _unit_param_or_404(request, "reports.view")
    form = PeriodForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return render(request, "reports/figure.html", {"form": form, "key": key}, status=400)
    unit = get_visible_or_404(
        request.user, type(form.cleaned_data["unit"]), "reports.view", pk=form.cleaned_data["unit"].pk
    )
    period = form.cleaned_data["period"]
    table = stats_table(request.user, unit, period, only=key)
    row = next(iter(table["rows"]), None)
    return render(
        request,
        "reports/figure.html",
        {
            "form": form,
            "key": key,
            "meta": meta(key),
            "row": row,
            "child_rows": list(zip(table["children"], row["children"], strict=True)) if row else [],
            "unit": unit,
            "period": period,
            "records_url": records_url(key, unit=unit, period=period),
        },
    )
