"""Pages of the rights-protection module.

A case page is `@login_only`, not `@policy`: whoever may not see a case gets 404 whatever her role, so a
403 never tells her the case exists. A visible case whose action her role does not grant is a 403.
Every opening, export and print writes exactly one access-log row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core.models import AccessLog
from fulian.core.scoping import can, login_only, policy, require, scope_for
from fulian.core.spreadsheets.export import xlsx_response
from fulian.core.viewhelpers import page_of

from . import forms, risk, selectors, services
from .export import case_workbook
from .models import BreakGlassGrant, Case, ProtectionMeasure, Referral

PAGE = 30


def _error_text(error, form=None) -> str:
    """A ValidationError or form errors as one Chinese sentence naming the fields."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        items = error.message_dict.items()
    elif isinstance(error, ValidationError):
        items = [("", error.messages)]
    else:
        items = error.items()
    parts = []
    for field, msgs in items:
        label = ""
        if form is not None and field in getattr(form, "fields", {}):
            label = str(form.fields[field].label)
        elif field and field != "__all__":
            label = {"closing_note": "结案说明", "reason": "理由", "status": "状态"}.get(field, "")
        text = "；".join(str(m) for m in msgs)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


# --- list, intake, detail -----------------------------------------------------------------------------


@policy("cases.view")
def case_list(request: HttpRequest) -> HttpResponse:
    """The user's cases, the chair's flags (red cases, emergency accesses to review) and due deadlines."""
    user = request.user
    filters = {k: request.GET.get(k, "") for k in ("status", "risk", "number")}
    page = page_of(request, selectors.case_list_visible_to(user=user, filters=filters), PAGE)
    scope = scope_for(user)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Case.Status.choices,
            "risks": Case.Risk.choices,
            "red_cases": list(selectors.red_cases_for(user=user)[:20]),
            "glass_flags": list(selectors.glass_flags_for(user=user)[:50]),
            "my_glass": list(selectors.glass_grants_of(user=user)),
            "reminders": selectors.reminders_for(user=user),
            "can_create": scope.has("cases.create"),
            "can_break_glass": scope.has("cases.break_glass"),
            "can_stats": scope.has("cases.stats"),
        },
    )


@policy("cases.create")
def case_intake(request: HttpRequest) -> HttpResponse:
    """Take a call or a visit: the person (found in the registry, or new), what happened, what she asks."""
    towns = services.handling_units_for(request.user)
    q = request.GET.get("q", "").strip()
    if request.method == "POST":
        form = forms.IntakeForm(
            request.POST, towns=towns, persons=selectors.intake_candidates(towns=towns, q="")
        )
        if form.is_valid():
            d = form.cleaned_data
            try:
                case = services.case_register(
                    user=request.user,
                    handling_unit=d["handling_unit"],
                    kind=d["kind"],
                    channel=d["channel"],
                    referred_by=d["referred_by"],
                    type=d["type"],
                    person=d.get("person"),
                    new_person=form.new_person(),
                    respondent_name=d["respondent_name"],
                    respondent_relation=d["respondent_relation"],
                    narrative=d["narrative"],
                    request=d["request"],
                    answer=d["answer"],
                    confirm_similar=d["new_confirm_similar"],
                )
            except ValidationError as exc:
                messages.error(request, _error_text(exc, form))
            else:
                messages.success(request, f"已登记 {case.number}")
                return redirect("cases:detail", case.pk)
        else:
            messages.error(request, _error_text(form.errors, form))
        matches = []
    else:
        form = forms.IntakeForm(
            towns=towns, persons=selectors.intake_candidates(towns=towns, q=q)[:20] if q else None
        )
        matches = list(selectors.intake_candidates(towns=towns, q=q)[:20]) if q else []
    return render(request, "cases/case_intake.html", {"form": form, "q": q, "matches": matches})


@login_only
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case. 404 for anyone the case is hidden from; one access-log row per opening."""
    case = selectors.case_get(user=request.user, pk=pk)
    user = request.user
    glass = not can(user, "cases.change", case)
    services.case_disclosure_log(
        user=user, case=case, action=AccessLog.Action.VIEW, detail="紧急调阅" if glass else ""
    )
    ctx = {"case": case, "read_only": glass, **selectors.case_detail_parts(case)}
    if not glass:
        bodies = selectors.referral_bodies_for(case)
        ctx.update(
            checklist=risk.CHECKLIST,
            # Several forms on one page: distinct element ids (the field names stay the same).
            handle_form=forms.HandleForm(auto_id="handle_%s"),
            referral_form=forms.ReferralForm(bodies=bodies, auto_id="ref_%s"),
            referral_update_form=forms.ReferralUpdateForm(auto_id=False),
            warning_form=forms.WarningForm(bodies=bodies, auto_id="warn_%s"),
            order_form=forms.OrderApplyForm(bodies=bodies, auto_id="order_%s"),
            decide_form=forms.OrderDecideForm(auto_id="decide_%s"),
            followup_form=forms.FollowUpForm(auto_id="fu_%s"),
            close_form=forms.CloseForm(auto_id="close_%s"),
            reopen_form=forms.ReopenForm(auto_id="reopen_%s"),
            can_export=can(user, "cases.export", case),
        )
        if can(user, "cases.assign", case):
            ctx["assign_form"] = forms.AssignForm(
                workers=selectors.case_workers_for(case=case), auto_id="assign_%s"
            )
    return render(request, "cases/case_detail.html", ctx)


# --- actions on a case (POST, then back to the case page) ---------------------------------------------


def _act(
    request: HttpRequest,
    pk: int,
    form_cls,
    run: Callable[[Case, dict], str],
    *,
    capability: str = "cases.change",
    form_kwargs: Callable[[Case], dict] | None = None,
) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)  # 404 first: never reveal a hidden case
    require(request.user, capability, case)  # 403: visible, but not hers to change
    form = form_cls(request.POST, **(form_kwargs(case) if form_kwargs else {}))
    if not form.is_valid():
        messages.error(request, _error_text(form.errors, form))
        return redirect("cases:detail", case.pk)
    try:
        done = run(case, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc, form))
    else:
        messages.success(request, done)
    return redirect("cases:detail", case.pk)


def _bodies(case: Case) -> dict:
    return {"bodies": selectors.referral_bodies_for(case)}


@require_POST
@login_only
def case_assess(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        answers = {item.key: bool(d.get(f"q_{item.key}")) for item in risk.CHECKLIST}
        a = services.case_assess(user=request.user, case=case, answers=answers, note=d["note"])
        return f"风险评估完成：{a.get_level_display()}色"

    return _act(request, pk, forms.AssessForm, run)


@require_POST
@login_only
def case_handle(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.case_handle(user=request.user, case=case, note=d["note"])
        return "已记录处置情况"

    return _act(request, pk, forms.HandleForm, run)


@require_POST
@login_only
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        r = services.referral_create(
            user=request.user, case=case, body=d["body"], asked=d["asked"], referred_on=d["referred_on"]
        )
        return f"已转介至{r.body.name}"

    return _act(request, pk, forms.ReferralForm, run, form_kwargs=_bodies)


@require_POST
@login_only
def referral_update(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    def run(case, d):
        referral = get_object_or_404(Referral, pk=rid, case=case)
        services.referral_update(
            user=request.user,
            referral=referral,
            status=d["status"],
            outcome=d["outcome"],
            closed_on=d["closed_on"],
        )
        return "已更新转介结果"

    return _act(request, pk, forms.ReferralUpdateForm, run)


@require_POST
@login_only
def warning_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.warning_record(
            user=request.user, case=case, body=d["body"], issued_on=d["issued_on"], note=d["note"]
        )
        return "已登记告诫书"

    return _act(request, pk, forms.WarningForm, run, form_kwargs=_bodies)


@require_POST
@login_only
def order_apply(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        m = services.order_apply(
            user=request.user,
            case=case,
            body=d["body"],
            applicant=d["applicant"],
            applied_at=d["applied_at"],
            urgent=d["urgent"],
            note=d["note"],
        )
        return f"已登记保护令申请，法院应于 {timezone.localtime(m.decision_due_at):%Y-%m-%d %H:%M} 前裁定"

    return _act(request, pk, forms.OrderApplyForm, run, form_kwargs=_bodies)


@require_POST
@login_only
def order_decide(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    def run(case, d):
        measure = get_object_or_404(ProtectionMeasure, pk=mid, case=case)
        services.order_decide(
            user=request.user,
            measure=measure,
            decision=d["decision"],
            decided_at=d["decided_at"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
        )
        return "已登记保护令裁定"

    return _act(request, pk, forms.OrderDecideForm, run)


@require_POST
@login_only
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.followup_record(user=request.user, case=case, **d)
        return "已记录回访"

    return _act(request, pk, forms.FollowUpForm, run)


@require_POST
@login_only
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.case_close(
            user=request.user, case=case, outcome=d["outcome"], satisfaction=d["satisfaction"], note=d["note"]
        )
        return "案件已结案"

    return _act(request, pk, forms.CloseForm, run)


@require_POST
@login_only
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.case_reopen(user=request.user, case=case, reason=d["reason"])
        return "案件已重新开启"

    return _act(request, pk, forms.ReopenForm, run)


@require_POST
@login_only
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(case, d):
        services.case_assign(user=request.user, case=case, worker=d["worker"])
        return f"已指派{d['worker']}"

    return _act(
        request,
        pk,
        forms.AssignForm,
        run,
        capability="cases.assign",
        form_kwargs=lambda case: {"workers": selectors.case_workers_for(case=case)},
    )


# --- export and print ---------------------------------------------------------------------------------


@login_only
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole case as a workbook; one access-log row."""
    case = selectors.case_get(user=request.user, pk=pk)
    require(request.user, "cases.export", case)
    content = case_workbook(case, selectors.case_detail_parts(case))
    services.case_disclosure_log(user=request.user, case=case, action=AccessLog.Action.EXPORT)
    return xlsx_response(content, f"维权案件{case.number}.xlsx")


@login_only
def case_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A print layout of the case; one access-log row."""
    case = selectors.case_get(user=request.user, pk=pk)
    require(request.user, "cases.export", case)
    services.case_disclosure_log(user=request.user, case=case, action=AccessLog.Action.PRINT)
    response = render(
        request,
        "cases/case_print.html",
        {"case": case, "printed_at": timezone.now(), **selectors.case_detail_parts(case)},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- emergency access ---------------------------------------------------------------------------------


@policy("cases.break_glass")
def break_glass(request: HttpRequest) -> HttpResponse:
    """Open a case of her town in an emergency: case number and a reason; limited time; the chair is told."""
    form = forms.BreakGlassForm(request.POST or None, initial={"number": request.GET.get("number", "")})
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.break_glass(
                user=request.user, number=form.cleaned_data["number"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc, form))
        else:
            messages.warning(
                request,
                f"紧急调阅已记录并通知主席，有效至 {timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}",
            )
            return redirect("cases:detail", grant.case_id)
    return render(request, "cases/break_glass.html", {"form": form})


@require_POST
@policy("cases.assign")
def glass_review(request: HttpRequest, gid: int) -> HttpResponse:
    """The chair marks an emergency access as reviewed (404 unless she chairs the case's town)."""
    grant = get_object_or_404(
        BreakGlassGrant, pk=gid, case__handling_unit__path__in=selectors.chaired_paths(request.user)
    )
    services.glass_review(user=request.user, grant=grant)
    messages.success(request, "已审阅该紧急调阅")
    return redirect("cases:list")


# --- statistics ---------------------------------------------------------------------------------------


@policy("cases.stats")
def case_stats(request: HttpRequest) -> HttpResponse:
    """Counts by type, channel, risk, outcome per sub-unit and period; small counts as selectors.figures
    gives them ("不足5" for whoever may not open every case counted)."""
    scope = scope_for(request.user)
    units = selectors.stats_units(user=request.user)
    today = timezone.localdate()
    initial = {
        "unit": scope.units("cases.stats").first(),
        "start": today.replace(month=1, day=1),
        "end": today,
    }
    form = forms.StatsForm(request.GET or None, units=units, initial=initial)
    table = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        unit = d["unit"]
        total = selectors.figures(user=request.user, unit=unit, start=d["start"], end=d["end"])
        per_child = selectors.figures(
            user=request.user, unit=unit, start=d["start"], end=d["end"], group_by_child=True
        )
        names = selectors.unit_names(per_child)
        table = {"unit": unit, "total": total, "rows": [(names[k], v) for k, v in per_child.items()]}
    return render(request, "cases/case_stats.html", {"form": form, "table": table, "columns": STATS_COLUMNS})


STATS_COLUMNS = [
    ("cases.received", "受理"),
    ("cases.cases", "案件"),
    ("cases.consultations", "咨询"),
    *((f"cases.type.{v}", label) for v, label in Case.Type.choices),
    *((f"cases.channel.{v}", label) for v, label in Case.Channel.choices),
    ("cases.risk.red", "红色风险"),
    ("cases.risk.orange", "橙色风险"),
    ("cases.risk.yellow", "黄色风险"),
    ("cases.closed", "结案"),
    *((f"cases.outcome.{v}", label) for v, label in Case.Outcome.choices),
    ("cases.days_to_close.avg", "平均办结天数"),
    ("cases.open_at_end", "期末在办"),
    ("cases.orders.applied", "保护令申请"),
    ("cases.orders.granted", "保护令准予"),
    ("cases.warnings", "告诫书"),
    ("cases.referrals", "转介"),
]
