from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fulian.core.figures import all_meta, collect, meta, records_url, source_labels
from fulian.core.periods import Period
from fulian.core.replicas import reading_from_replica
from fulian.core.scoping import can, get_visible_or_404, policy
from fulian.core.spreadsheets.export import xlsx_response
from fulian.core.summary import FIGURE_MARK, plain
from fulian.core.viewhelpers import flash_error

from . import services
from .forms import HeaderForm, ParagraphForm, PeriodForm, PlanItemForm, SummaryCreateForm
from .models import PlanItem, SummaryDraft, SummaryParagraph, SummaryStatus
from .selectors import plan_progress, summary_list_visible_to
from .summary.docx import render_docx
from .summary.pdf import PdfUnavailable, docx_to_pdf
from .verification import stamp_docx, verify
from .xlsx import stats_workbook

# --- statistics ------------------------------------------------------------------------------------


def _stats_table(user, unit, period: Period) -> dict:
    """Figures for the unit, last year's, and each sub-unit's — three calls per source, whatever the size.

    Rows come area by area (in the order of the apps), and within an area in the order the app declares
    its figures (then by key): the same order on every page and in every export. Sub-units in tree order."""
    children = list(type(unit).objects.get_children(unit).filter(active_until__isnull=True).order_by("path"))
    now = collect(user=user, unit=unit, period=period)
    before = collect(user=user, unit=unit, period=period.previous_year())
    by_child = collect(user=user, unit=unit, period=period, group_by_child=True) if children else {}
    rows = []
    for key in sorted(set(now) | set(before), key=_row_order()):
        m = meta(key)
        value, prev = now.get(key), before.get(key)
        change = value - prev if _is_number(value) and _is_number(prev) else None
        rows.append(
            {
                "key": key,
                "label": m.label,
                "unit": m.unit,
                "kind": m.kind,
                "area": _area_name(m.app),
                "value": value,
                "previous": prev,
                "change": change,
                "children": [by_child.get(c.pk, {}).get(key, 0) for c in children],
            }
        )
    return {"rows": rows, "children": children}


def _row_order():
    """Sort key for figure rows: the app's place among the sources, the figure's place in its app's
    declaration, then the key (for figures named by code, such as aid.amount.<programme>)."""
    apps_order = {label: i for i, label in enumerate(source_labels())}
    declared = {key: i for i, key in enumerate(all_meta())}

    def order(key: str):
        app = key.split(".", 1)[0]
        return (apps_order.get(app, len(apps_order)), declared.get(key, len(declared)), key)

    return order


def _area_name(app_label: str) -> str:
    from django.apps import apps

    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _period_form(request: HttpRequest) -> PeriodForm:
    """The unit-and-period form; on arrival (nothing asked yet) this year for the user's first unit."""
    form = PeriodForm(request.GET or None, user=request.user)
    if not form.is_bound:
        form = PeriodForm(
            {"unit": form.fields["unit"].initial, "kind": "year", "year": form.fields["year"].initial},
            user=request.user,
        )
    return form


def _unit_param_or_404(request: HttpRequest, capability: str) -> None:
    """A unit asked for by id outside the user's scope does not exist for her: 404, not a form error."""
    from fulian.orgs.models import OrgUnit

    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw:
        get_visible_or_404(request.user, OrgUnit, capability, pk=raw)


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@policy("reports.view")
@reading_from_replica()
def stats(request: HttpRequest) -> HttpResponse:
    _unit_param_or_404(request, "reports.view")
    form = _period_form(request)
    table = None
    if form.is_valid():
        unit = get_visible_or_404(
            request.user, type(form.cleaned_data["unit"]), "reports.view", pk=form.cleaned_data["unit"].pk
        )
        period = form.cleaned_data["period"]
        table = _stats_table(request.user, unit, period)
        if request.GET.get("format") == "xlsx":
            content = stats_workbook(unit=unit, period=period, table=table)
            return xlsx_response(content, f"stats-{unit.code or unit.pk}.xlsx")
        table.update(unit=unit, period=period)
    return render(request, "reports/stats.html", {"form": form, "table": table, "query": _query(form)})


def _query(form: PeriodForm) -> str:
    """The form's question as a query string, for links that must ask the same (export, figure pages)."""
    return urlencode(
        {name: form.data.get(name) for name in form.fields if form.data.get(name) not in (None, "")}
    )


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
    table = _stats_table(request.user, unit, period)
    row = next((r for r in table["rows"] if r["key"] == key), None)
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


# --- summaries -------------------------------------------------------------------------------------


@policy("reports.summary")
def summary_list(request: HttpRequest) -> HttpResponse:
    _unit_param_or_404(request, "reports.summary")
    form = SummaryCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = get_visible_or_404(
            request.user, type(form.cleaned_data["unit"]), "reports.summary", pk=form.cleaned_data["unit"].pk
        )
        kind = "half" if form.cleaned_data["kind"] == "half" else "annual"
        draft = services.summary_create(
            user=request.user, unit=unit, period=form.cleaned_data["period"], kind=kind
        )
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

    from .summary.generator import area_title

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
    services.summary_regenerate(user=request.user, draft=draft, keep_edits=keep)
    messages.success(
        request, "已按最新台账数据重新生成" + ("，保留了您修改过的段落。" if keep else "，所有修改已放弃。")
    )
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    try:
        services.summary_cancel(user=request.user, draft=draft)
        messages.success(request, "已取消生成。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_retry(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    try:
        services.summary_retry(user=request.user, draft=draft)
        messages.success(request, "已重新开始生成。")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("reports:summary_detail", pk=draft.pk)


@require_POST
@policy("reports.summary")
def summary_header(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, SummaryDraft, "reports.summary", pk=pk)
    form = HeaderForm(request.POST)
    if form.is_valid():
        try:
            services.summary_update_header(user=request.user, draft=draft, **form.cleaned_data)
            messages.success(request, "标题和落款已保存。")
        except ValidationError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, form.error_text())
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


# --- work plan -------------------------------------------------------------------------------------


@policy("reports.view")
def plan(request: HttpRequest) -> HttpResponse:
    """A unit's plan items for a year with live progress; `?behind=1` lists only what is behind."""
    from django.utils import timezone

    from fulian.core.scoping import scope_for
    from fulian.orgs.models import OrgUnit

    _unit_param_or_404(request, "reports.view")
    units = scope_for(request.user).units("reports.view")
    unit_id = request.GET.get("unit") or (units[0].pk if units else None)
    if unit_id is None:
        return render(request, "reports/plan.html", {"rows": [], "unit": None})
    unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=unit_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = plan_progress(user=request.user, unit=unit, year=year)
    if request.GET.get("behind") == "1":
        rows = [r for r in rows if r["status"] == "behind"]
    form = PlanItemForm()
    return render(
        request,
        "reports/plan.html",
        {
            "rows": rows,
            "unit": unit,
            "year": year,
            "form": form,
            "can_change": can(request.user, "reports.plan_change", unit),
        },
    )


@require_POST
@policy("reports.plan_change")
def plan_item_save(request: HttpRequest, unit_id: int, year: int, pk: int | None = None) -> HttpResponse:
    from fulian.orgs.models import OrgUnit

    unit = get_visible_or_404(request.user, OrgUnit, "reports.view", pk=unit_id)
    instance = (
        get_visible_or_404(request.user, PlanItem.objects.filter(unit=unit), "reports.view", pk=pk)
        if pk
        else PlanItem(unit=unit, year=year)
    )
    form = PlanItemForm(request.POST, instance=instance)
    if form.is_valid():
        try:
            services.plan_item_save(user=request.user, item=form.save(commit=False))
            messages.success(request, "工作要点已保存。")
        except ValidationError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, form.error_text())
    return redirect(reverse("reports:plan") + f"?unit={unit.pk}&year={year}")


@require_POST
@policy("reports.plan_change")
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request.user, PlanItem, "reports.view", pk=pk)
    services.plan_item_delete(user=request.user, item=item)
    messages.success(request, "已删除。")
    return redirect(reverse("reports:plan") + f"?unit={item.unit_id}&year={item.year}")


@policy("reports.view")
@reading_from_replica()
def dashboard(request: HttpRequest) -> HttpResponse:
    """The statistics as charts for the user's scope; clicking a sub-unit's bar drills down into it."""
    _unit_param_or_404(request, "reports.view")
    form = _period_form(request)
    charts = []
    table = None
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        period = form.cleaned_data["period"]
        table = _stats_table(request.user, unit, period)
        table.update(unit=unit, period=period)
        for row in table["rows"]:
            if meta(row["key"]).kind == "share" or not row["value"] or not _is_number(row["value"]):
                continue
            if not all(_is_number(v) for v in row["children"]):
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
        {"form": form, "table": table, "charts": charts, "base_query": params.urlencode()},
    )


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
