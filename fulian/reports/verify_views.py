"""The 核对 (verification) of a summary's final text on its page (fulian/reports/verification.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, policy

from .models import SummaryDraft
from .verification import verify


@policy("reports.summary")
def summary_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Every number of the draft's final text against the records: the summary page loads this part."""
    draft = get_visible_or_404(
        request.user, SummaryDraft.objects.select_related("unit"), "reports.summary", pk=pk
    )
    result = verify(user=request.user, draft=draft)
    template = "reports/_verification.html" if request.htmx else "reports/verification_page.html"
    return render(request, template, {"draft": draft, "result": result})


class SummaryCheckViewSet(ScopedAPIMixin, viewsets.ViewSet):
    """核对：总结终稿中每个数字与台账记录的核对结果（与总结页面和 Word 导出所说一致）。"""

    view_capability = "reports.summary"

    @extend_schema(
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses=OpenApiTypes.OBJECT,
    )
    def retrieve(self, request: Request, pk=None) -> Response:
        draft = get_visible_or_404(
            request.user, SummaryDraft.objects.select_related("unit"), "reports.summary", pk=pk
        )
        result = verify(user=request.user, draft=draft)
        return Response(
            {
                "summary": draft.pk,
                "sentence": result.sentence(),
                "note": result.note,
                "figures": len(result.items),
                "verified": result.verified,
                "unverified": result.unverified,
                "items": [
                    {
                        "paragraph": i.paragraph_id,
                        "where": i.paragraph,
                        "written": i.written,
                        "context": i.context,
                        "status": i.status,
                        "status_label": i.status_label,
                        "key": i.key,
                        "label": i.label,
                        "record": i.record,
                        "url": i.url,
                    }
                    for i in result.items
                ],
            }
        )
