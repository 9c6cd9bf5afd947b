"""数字来源记录: the records behind one figure, as a page and as the API, for the reader's scope and
masking (fulian/core/traces.py). The list's total equals the figure; rows the figure counts that the
reader may not open are counted and said, never listed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core import figures as contract
from fulian.core.api import CleanSerializer, ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, policy
from fulian.core.traces import count_rows, rows_shown
from fulian.orgs.models import OrgUnit

from .forms import PeriodForm

PAGE = 100


def _json(value):
    return float(value) if hasattr(value, "as_tuple") else value


def trace_for(*, user, key: str, unit, period) -> dict:
    """The figure, its records and how they add up, for one reader (404 when the figure has no records)."""
    trace = contract.records(key, user=user, unit=unit, period=period)
    if trace is None:
        raise Http404("这个数字没有对应的台账记录")
    value = contract.value(key, user=user, unit=unit, period=period)
    # A figure given to this reader only as a band ("不足5", the cases small-count rule) must not be
    # recovered from its records page: the rows she may not open are then said as that band too, and
    # no exact total is given.
    banded = bool(trace.hidden) and isinstance(value, str)
    return {
        "trace": trace,
        "value": value,
        "hidden": value if banded else trace.hidden,
        "total": None if banded else trace.total(),
        "meta": contract.meta(key),
        "rows": count_rows(trace),
        "columns": [[c.label for c in p.columns] for p in trace.parts],
    }


@policy("reports.view")
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    raw = request.GET.get("unit")
    if raw:
        get_visible_or_404(request.user, OrgUnit, "reports.view", pk=raw)
    form = PeriodForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return render(request, "reports/figure_records.html", {"form": form, "key": key}, status=400)
    unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=form.cleaned_data["unit"].pk)
    period = form.cleaned_data["period"]
    found = trace_for(user=request.user, key=key, unit=unit, period=period)
    page = Paginator(range(found["rows"]), PAGE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * PAGE
    rows = rows_shown(found["trace"], user=request.user, limit=PAGE, offset=offset)
    headings = {part.title: cols for part, cols in zip(found["trace"].parts, found["columns"], strict=True)}
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["title"] != row["part"]:
            groups.append({"title": row["part"], "columns": headings.get(row["part"], []), "rows": []})
        groups[-1]["rows"].append(row)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/figure_records.html",
        found
        | {
            "form": form,
            "key": key,
            "unit": unit,
            "period": period,
            "page": page,
            "groups": groups,
            "query": query.urlencode(),
            "figure_url": contract.records_url(key, unit=unit, period=period),
        },
    )


class RecordsQuery(CleanSerializer):
    key = serializers.CharField(label="数字标识", max_length=100)
    page = serializers.IntegerField(label="页码", min_value=1, default=1)


class FigureRecordsViewSet(ScopedAPIMixin, viewsets.ViewSet):
    """数字来源记录：某个统计数字背后的台账记录（按权限范围和脱敏规则），记录合计等于该数字。"""

    view_capability = "reports.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(n, t)
            for n, t in (
                ("key", OpenApiTypes.STR),
                ("unit", OpenApiTypes.INT),
                ("kind", OpenApiTypes.STR),
                ("year", OpenApiTypes.INT),
                ("n", OpenApiTypes.INT),
                ("start", OpenApiTypes.DATE),
                ("end", OpenApiTypes.DATE),
                ("page", OpenApiTypes.INT),
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request: Request) -> Response:
        from .api import PeriodQuery

        q = RecordsQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        p = PeriodQuery(data=request.query_params)
        p.is_valid(raise_exception=True)
        unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=p.validated_data["unit"])
        key, number = q.validated_data["key"], q.validated_data["page"]
        found = trace_for(user=request.user, key=key, unit=unit, period=p.validated_data["period"])
        trace = found["trace"]
        rows = rows_shown(trace, user=request.user, limit=PAGE, offset=(number - 1) * PAGE)
        return Response(
            {
                "key": key,
                "label": found["meta"].label,
                "value": _json(found["value"]),
                "total": _json(found["total"]),
                "hidden": found["hidden"],
                "count": found["rows"],
                "page": number,
                "page_size": PAGE,
                "parts": [
                    {"title": part.title, "measure": part.measure, "columns": cols}
                    for part, cols in zip(trace.parts, found["columns"], strict=True)
                ],
                "results": rows,
            }
        )
