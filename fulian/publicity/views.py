"""Pages of the publicity register."""

from __future__ import annotations

import datetime

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, page_of, submitted
from fulian.orgs.models import OrgUnit

from . import forms, selectors, services
from .models import Piece

CAP, CHANGE = "publicity.view", "publicity.change"


@policy(CAP)
def index(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters = selectors.PieceFilters()
    if form.is_valid():
        filters = selectors.PieceFilters(**{k: v for k, v in form.cleaned_data.items() if v})
    page = page_of(request, selectors.piece_list(user=request.user, filters=filters))
    return render(
        request,
        "publicity/index.html",
        {"form": form, "page": page, "may_change": scope_for(request.user).has(CHANGE)},
    )


@policy(CHANGE)
def piece_create(request: HttpRequest) -> HttpResponse:
    form = forms.PieceForm(request.POST or None, request.FILES or None, user=request.user)
    if written := submitted(
        request, form, lambda data: services.piece_create(user=request.user, **data), success="稿件已登记"
    ):
        piece = written.value
        return redirect("publicity:piece_detail", pk=piece.pk)
    return form_page(request, form, "登记宣传稿件")


@policy(CAP)
def piece_detail(request: HttpRequest, pk: int) -> HttpResponse:
    piece = get_visible_or_404(request.user, Piece.objects.select_related("unit"), CAP, pk=pk)
    return render(
        request,
        "publicity/piece_detail.html",
        {
            "piece": piece,
            "adoptions": selectors.adoption_list(user=request.user, piece=piece),
            "may_change": can(request.user, CHANGE, piece),
        },
    )


@policy(CHANGE)
def adoption_add(request: HttpRequest, pk: int) -> HttpResponse:
    piece = get_visible_or_404(request.user, Piece, CAP, pk=pk)
    require(request.user, CHANGE, piece)
    form = forms.AdoptionForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.adoption_record(user=request.user, piece=piece, **data),
        success="报送与采用情况已保存",
    ):
        return redirect("publicity:piece_detail", pk=piece.pk)
    return form_page(request, form, f"报送与采用：{piece}")


@policy(CAP)
def piece_file(request: HttpRequest, pk: int) -> FileResponse:
    piece = get_visible_or_404(request.user, Piece, CAP, pk=pk)
    if not piece.attachment:
        raise Http404("没有附件")
    return FileResponse(piece.attachment.open("rb"), filename=piece.attachment.name.rsplit("/", 1)[-1])


def year_and_unit(request: HttpRequest, capability: str) -> tuple[int, OrgUnit]:
    """The year (?year=, default this year) and the unit (?unit=, default the user's first unit)."""
    form = forms.YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    if request.GET.get("unit", "").isdigit():
        unit = get_visible_or_404(request.user, OrgUnit, capability, pk=int(request.GET["unit"]))
    else:
        unit = scope_for(request.user).units(capability).first()
        if unit is None:
            raise Http404("没有可查看的单位")
    return year, unit


@policy(CAP)
def ranking(request: HttpRequest) -> HttpResponse:
    """The sub-units of a unit (the county's towns) ranked by adoptions in a year, and the authors."""
    year, unit = year_and_unit(request, CAP)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    totals = selectors.figures(user=request.user, unit=unit, start=start, end=end)
    return render(
        request,
        "publicity/ranking.html",
        {
            "unit": unit,
            "year": year,
            "rows": selectors.unit_ranking(user=request.user, unit=unit, start=start, end=end),
            "authors": selectors.author_counts(user=request.user, unit=unit, start=start, end=end)[:30],
            "total_pieces": totals["publicity.pieces"],
            "total_adopted": totals["publicity.adopted"],
        },
    )
