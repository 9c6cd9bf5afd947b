"""The election pages: list with term reminders, the guided process, seats, candidates, rounds and boxes,
the result, and its downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, pressed, submitted

from .. import exports, forms, selectors, services
from ..models import STEP_ORDER, Candidate, Election, Round, Step
from ..rules import METHODS
from ..services.voting import round_candidates

VIEW, RUN = "orgbuild.view", "orgbuild.run"


def _election(request, pk, *, run=False) -> Election:
    election = get_visible_or_404(request.user, Election.objects.select_related("unit"), VIEW, pk=pk)
    if run:
        require(request.user, RUN, election)
    return election


@policy(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "orgbuild/index.html",
        {
            "elections": selectors.election_list_visible_to(user=request.user)[:200],
            "expiring": selectors.expiring_terms(user=request.user),
            "may_run": scope_for(request.user).has(RUN),
        },
    )


@policy(RUN)
def election_create(request: HttpRequest) -> HttpResponse:
    form = forms.ElectionForm(request.POST or None, user=request.user)
    if written := submitted(
        request,
        form,
        lambda data: services.election_create(user=request.user, **data),
        success="已创建，请按步骤登记",
    ):
        election = written.value
        return redirect("orgbuild:detail", pk=election.pk)
    return form_page(request, form, "新建换届（改建）", back="/orgbuild/")


@policy(VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    shares = list(election.shares.select_related("group"))
    candidates = election.candidates.select_related("person", "group").order_by(
        "contest", "group__path", "id"
    )
    return render(
        request,
        "orgbuild/detail.html",
        {
            "e": election,
            "steps": selectors.steps(election=election),
            "shares": shares,
            "share_total": sum(s.seats for s in shares),
            "candidates": candidates,
            "rounds": selectors.rounds(election=election),
            "elected": selectors.elected(election=election),
            "method": METHODS.get(election.seat_method, ""),
            "may_run": can(request.user, RUN, election) and not election.is_done,
        },
    )


@policy(RUN)
def step_record(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    election = _election(request, pk, run=True)
    if kind not in STEP_ORDER:
        raise Http404("没有这一步")
    step = election.steps.filter(kind=kind).first()
    form = forms.StepForm.for_step(step, request.POST or None, request.FILES or None)
    if submitted(
        request,
        form,
        lambda data: services.step_record(user=request.user, election=election, kind=kind, **data),
        success=lambda _: f"已登记：{Step.Kind(kind).label}",
    ):
        return redirect("orgbuild:detail", pk=election.pk)
    return form_page(request, form, f"{election.title}：{Step.Kind(kind).label}", back=election_url(election))


def election_url(election) -> str:
    from django.urls import reverse

    return reverse("orgbuild:detail", args=[election.pk])


@policy(RUN)
def seats(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, run=True)
    units = selectors.seat_units(election=election)
    counted = selectors.registry_women(election=election)
    initial = {"total": election.representative_seats, "method": election.seat_method}
    form = forms.SeatsForm(request.POST or None, initial=initial, units=units, counted=counted)
    if submitted(
        request,
        form,
        lambda data: services.seats_allocate(
            user=request.user,
            election=election,
            women=form.women(),
            method=data["method"],
            total=data["total"],
        ),
        success="代表名额已分配",
    ):
        return redirect("orgbuild:detail", pk=election.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orgbuild/seats.html",
        {"e": election, "form": form, "counted": counted, "empty": not form.units},
        status=status,
    )


@policy(RUN)
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, run=True)
    units = selectors.seat_units(election=election).filter(pk__in=election.shares.values("group"))
    form = forms.CandidateForm(request.POST or None, user=request.user, election=election, units=units)
    if submitted(
        request,
        form,
        lambda data: services.candidate_add(user=request.user, election=election, **data),
        success="候选人已加入名单",
    ):
        return redirect("orgbuild:detail", pk=election.pk)
    return form_page(request, form, f"{election.title}：添加候选人", back=election_url(election))


@policy(RUN)
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, run=True)
    units = selectors.seat_units(election=election).filter(pk__in=election.shares.values("group"))
    form = forms.RoundForm(request.POST or None, units=units)
    if written := submitted(
        request, form, lambda data: services.round_open(user=request.user, election=election, **data)
    ):
        rnd = written.value
        return redirect("orgbuild:round", pk=rnd.pk)
    return form_page(request, form, f"{election.title}：开始投票", back=election_url(election))


@policy(VIEW)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_visible_or_404(
        request.user, Round.objects.select_related("election__unit", "group"), VIEW, pk=pk
    )
    may_run = can(request.user, RUN, rnd.election) and not rnd.closed
    form = None
    if may_run:
        form = forms.BoxForm(request.POST or None, candidates=round_candidates(rnd).select_related("person"))
        if request.method == "POST" and form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("name", "issued", "returned", "void")}
            try:
                services.box_record(user=request.user, rnd=rnd, votes=form.votes(), **data)
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, "票箱计票结果已登记")
                return redirect("orgbuild:round", pk=rnd.pk)
    elif request.method == "POST":
        require(request.user, RUN, rnd.election)
        messages.error(request, "本轮已计票，不能再修改票箱")
        return redirect("orgbuild:round", pk=rnd.pk)
    view = next(v for v in selectors.rounds(election=rnd.election) if v.round.pk == rnd.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orgbuild/round.html",
        {"r": view, "e": rnd.election, "form": form, "may_run": may_run},
        status=status,
    )


@policy(VIEW)
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_visible_or_404(
        request.user, Round.objects.select_related("election__unit", "group"), VIEW, pk=pk
    )
    view = next(v for v in selectors.rounds(election=rnd.election) if v.round.pk == rnd.pk)
    return exports.ballot_docx(rnd, view.candidates)


@policy(RUN)
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_visible_or_404(request.user, Round.objects.select_related("election"), VIEW, pk=pk)
    require(request.user, RUN, rnd.election)
    written = pressed(request, lambda: services.round_close(user=request.user, rnd=rnd))
    if written is None:
        return redirect("orgbuild:round", pk=rnd.pk)
    rnd = written.value
    if rnd.problems:
        messages.error(request, f"本轮选举无效：{rnd.problems}")
    else:
        elected = rnd.election.candidates.filter(
            contest=rnd.contest, group=rnd.group, outcome=Candidate.Outcome.ELECTED
        )
        messages.success(request, f"计票完成，当选{elected.count()}名")
    return redirect("orgbuild:detail", pk=rnd.election_id)


@policy(RUN)
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk, run=True)
    pressed(
        request,
        lambda: services.election_apply(user=request.user, election=election),
        success=lambda created: f"新一届名单已生效（{len(created)}人），原名单已转入任职历史",
    )
    return redirect("orgbuild:detail", pk=election.pk)


@policy(VIEW)
def step_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A step's file, to those who may see its election (the upload directory is not served)."""
    step = get_visible_or_404(request.user, Step, VIEW, pk=pk)
    if not step.attachment:
        raise Http404("没有附件")
    return FileResponse(step.attachment.open("rb"), filename=step.attachment.name.rsplit("/", 1)[-1])


@policy(VIEW)
def download(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    election = _election(request, pk)
    if what == "results.xlsx":
        return exports.results_xlsx(election)
    if what == "announcement.docx":
        return exports.announcement_docx(election)
    if what == "filing.docx":
        return exports.filing_docx(election)
    raise Http404("不支持的格式")
