"""Pages of the documents register (公文管理)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fulian.core.scoping import get_visible_or_404, policy, scope_for
from fulian.core.viewhelpers import form_page, page_of, submitted

from .. import forms, selectors, services
from ..models import Document

VIEW, CHANGE = "office.view", "office.change"


@policy(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    form = forms.DocumentFilterForm(request.GET or None)
    filters = selectors.DocumentFilters()
    if form.is_valid():
        filters = selectors.DocumentFilters(**{k: v for k, v in form.cleaned_data.items() if v})
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    return render(
        request,
        "office/index.html",
        {
            "form": form,
            "page": page_of(request, selectors.document_list(user=request.user, filters=filters)),
            "query": query,
            "may_change": scope_for(request.user).has(CHANGE),
        },
    )


def _write(request, form, service, title, pk_target="office:document_detail"):
    if written := submitted(
        request, form, lambda data: service(user=request.user, **data), success=lambda doc: f"已登记：{doc}"
    ):
        doc = written.value
        return redirect(pk_target, pk=doc.pk)
    return form_page(request, form, title)


@policy(CHANGE)
def document_send(request: HttpRequest) -> HttpResponse:
    form = forms.SendForm(request.POST or None, request.FILES or None, user=request.user)
    return _write(request, form, services.document_send, "登记发文（自动编号）")


@policy(CHANGE)
def document_receive(request: HttpRequest) -> HttpResponse:
    form = forms.ReceiveForm(request.POST or None, request.FILES or None, user=request.user)
    return _write(request, form, services.document_receive, "登记收文")


@policy(VIEW)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_visible_or_404(request.user, Document.objects.select_related("unit", "series"), VIEW, pk=pk)
    return render(request, "office/document_detail.html", {"doc": doc})


@policy(VIEW)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_visible_or_404(request.user, Document, VIEW, pk=pk)
    if not doc.attachment:
        raise Http404("没有附件")
    return FileResponse(doc.attachment.open("rb"), filename=doc.attachment.name.rsplit("/", 1)[-1])


@policy(CHANGE)
def series(request: HttpRequest) -> HttpResponse:
    """The numbering series (发文字号) in the user's scope, with a form to add one."""
    form = forms.SeriesForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.series_create(user=request.user, **data),
        success=lambda made: f"发文字号「{made.prefix}」已添加",
    ):
        return redirect("office:series")
    return render(
        request,
        "office/series.html",
        {"form": form, "series": selectors.series_list(user=request.user, capability=CHANGE)},
        status=400 if request.method == "POST" else 200,
    )
