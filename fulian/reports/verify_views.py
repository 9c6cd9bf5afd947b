"""The 核对 (verification) of a summary's final text on its page (fulian/reports/verification.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
