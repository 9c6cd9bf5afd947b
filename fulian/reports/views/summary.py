"""The work summary pages: list and create, a draft with its paragraphs, the background generation's progress,
cancel and retry, the header, Word and PDF."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fulian.core.figures import records_url
from fulian.core.periods import Period
from fulian.core.scoping import get_visible_or_404, policy
from fulian.core.summary import FIGURE_MARK, plain
from fulian.core.viewhelpers import pressed

from .. import services
from ..forms import HeaderForm, ParagraphForm, SummaryCreateForm
from ..models import SummaryDraft, SummaryParagraph, SummaryStatus
from ..selectors import plan_progress, summary_list_visible_to
from ..summary.docx import render_docx
from ..summary.pdf import PdfUnavailable, docx_to_pdf
from ..verification import stamp_docx, verify
from .common import _unit_param_or_404


@policy("reports.summary")
def summary_list(request: HttpRequest) -> HttpResponse:
    _unit_param_or_404(request, "reports.summary")
    form = SummaryCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = get_visible_or_404(
            request.user, type(form.cleaned_data["unit"]), "reports.summary", pk=form.cleaned_data["unit"].pk
        )
        kind = "half" if form.cleaned_data["kind"] == "half" else "annual"
        # drafted by a task worker at every level: the page answers at once and shows the progress
        draft = services.summary_create(
            user=request.user, unit=unit, period=form.cleaned_data["period"], kind=kind, background=True
        )
        draft.refresh_from_db(fields=["status"])
        if draft.status == SummaryStatus.READY:  # a task backend that ran it already
            messages.success(request, "已根据台账数据生成总结初稿。")
        return redirect("reports:summary_detail", pk=draft.pk)
    drafts = summary_list_visible_to(user=request.user)[:100]
    return render(request, "reports/summary_list.html", {"form": form, "drafts": drafts})


def _linked(text: str, draft: SummaryDraft) -> str:
    """Generated text as HTML, each figure a link to the records behind it (else to where it comes from)."""
    params = (
        f"unit={draft.unit_id}&kind=custom&year={draft.period_start.year}"
        f"&start={draft.period_start:%Y-%m-%d}&end={draft.period_end:%Y-%m-%d}"
    )
    period = Period(draft.period_start, draft.period_end, "custom")
    out, last = [], 0
    for m in FIGURE_MARK.finditer(text):
        out.append(escape(text[last : m.start()]))
        url = records_url(m.group(1), unit=draft.unit, period=period) or (
            reverse("reports:figure", args=[m.group(1)]) + "?" + params
        )
        out.append(
            f'<a class="fl-figure" href="{escape(url)}" title="{escape(m.group(1))}">{escape(m.group(2))}</a>'
        )
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _paragraph_ctx(p: SummaryParagraph, draft: SummaryDraft) -> dict:
    shown = escape(p.edited_text) if p.is_edited else _linked(p.generated_text, draft)
    return {"p": p, "draft": draft, "shown": shown}


@policy("reports.summary")
def summary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.summary_jobs_fail_stale()
    draft = get_visible_or_404(
        request.user, SummaryDraft.objects.select_related("unit"), "reports.summary", pk=pk
    )
    if draft.status != SummaryStatus.READY:
        return render(request, "reports/summary_pending.html", {"draft": draft})
    paragraphs = list(draft.paragraphs.order_by("order", "id"))
    blocks = _blocks(draft, paragraphs)
    period = Period(draft.period_start, draft.period_end, "year" if draft.kind == "annual" else "half")
    progress = plan_progress(user=request.user, unit=draft.unit, year=period.start.year)
    return render(
        request,
        "reports/summary_detail.html",
        {
            "draft": draft,
            "blocks": blocks,
            "header_form": HeaderForm(
                initial={"title": draft.title, "signature": draft.signature, "signed_on": draft.signed_on}
            ),
            "progress": progress,
        },
    )


def _blocks(draft: SummaryDraft, paragraphs: list[SummaryParagraph]) -> list[dict]:
    """Paragraphs with the headings the document gives them (一、 （一）), for the page."""
    from fulian.core.formatting import chinese_ordinal

    from ..summary.generator import area_title

    blocks: list[dict] = []
    n, sub, area, heading = 0, 0, None, None
    for p in paragraphs:
        block = _paragraph_ctx(p, draft)
        if p.part == "section":
            if p.area != area:
                n, sub, area, heading = n + 1, 0, p.area, None
                block["h1"] = f"{chinese_ordinal(n)}、{area_title(p.area)}"
            if p.heading and p.heading != heading:
                sub, heading = sub + 1, p.heading
                block["h2"] = f"（{chinese_ordinal(sub)}）{p.heading}"
        elif p.part in ("problems", "plans") and area != p.part:
            n, area = n + 1, p.part
            block["h1"] = (
                f"{chinese_ordinal(n)}、{'存在的问题' if p.part == 'problems' else '下一步工作打算'}"
            )
        blocks.append(block)
    return blocks


@require_POST
@policy("reports.summary")
def summary_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    keep = request.POST.get("discard_edits") != "1"
    # drafted by a task worker, as a new draft is: the page answers at once and shows the progress
    written = pressed(
        request,
        lambda: services.summary_regenerate(user=request.user, draft=draft, keep_edits=keep, background=True),
    )
    if written and written.value.status == SummaryStatus.READY:  # a task backend that ran it already
        messages.success(
            request,
            "已按最新台账数据重新生成" + ("，保留了您修改过的段落。" if keep else "，所有修改已放弃。"),
        )
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    pressed(request, lambda: services.summary_cancel(user=request.user, draft=draft), success="已取消生成。")
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_retry(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    pressed(
        request, lambda: services.summary_retry(user=request.user, draft=draft), success="已重新开始生成。"
    )
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_header(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    form = HeaderForm(request.POST)
    pressed(
        request,
        lambda: services.summary_update_header(user=request.user, draft=draft, **form.cleaned_data),
        form=form,
        success="标题和落款已保存。",
    )
    return redirect("reports:summary_detail", pk=draft.pk)


@policy("reports.summary")
def paragraph_edit(request: HttpRequest, pk: int, paragraph_id: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    p = get_visible_or_404(
        request.user, SummaryParagraph.objects.filter(draft=draft), "reports.summary", pk=paragraph_id
    )
    if request.method == "POST":
        if request.POST.get("reset") == "1":
            services.paragraph_edit(user=request.user, paragraph=p, text=None)
        else:
            form = ParagraphForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "reports/_paragraph_form.html",
                    {"p": p, "draft": draft, "form": form},
                    status=422,
                )
            try:
                services.paragraph_edit(user=request.user, paragraph=p, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error("text", exc.messages[0])
                return render(
                    request,
                    "reports/_paragraph_form.html",
                    {"p": p, "draft": draft, "form": form},
                    status=422,
                )
        if request.htmx:
            return render(request, "reports/_paragraph.html", _paragraph_ctx(p, draft))
        return redirect("reports:summary_detail", pk=draft.pk)
    text = p.edited_text if p.is_edited else plain(p.generated_text)
    form = ParagraphForm(initial={"text": text})
    return render(request, "reports/_paragraph_form.html", {"p": p, "draft": draft, "form": form})


def _filename(draft: SummaryDraft, ext: str) -> str:
    from urllib.parse import quote

    safe = re.sub(r"[\\/:*?\"<>|]", "", draft.title)
    return f"attachment; filename*=UTF-8''{quote(safe)}.{ext}"


@policy("reports.summary")
def summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(
        request.user, SummaryDraft.objects.select_related("unit"), "reports.summary", pk=pk
    )
    content = stamp_docx(render_docx(draft), verify(user=request.user, draft=draft))
    resp = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    resp["Content-Disposition"] = _filename(draft, "docx")
    return resp


@policy("reports.summary")
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(
        request.user, SummaryDraft.objects.select_related("unit"), "reports.summary", pk=pk
    )
    try:
        content = docx_to_pdf(render_docx(draft))
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reports:summary_detail", pk=draft.pk)
    resp = HttpResponse(content, content_type="application/pdf")
    resp["Content-Disposition"] = _filename(draft, "pdf")
    return resp


@policy("reports.summary")
def summary_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a draft generated in the background; tells htmx to reload the page once it is ready.
    A generation whose worker died is failed here first (the clean-up does it too)."""
    services.summary_jobs_fail_stale()
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    resp = render(request, "reports/_summary_progress.html", {"draft": draft})
    if draft.status == SummaryStatus.READY:
        resp["HX-Refresh"] = "true"
    return resp
