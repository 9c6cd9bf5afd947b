"""Pages of the employment ledger."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fulian.core.scoping import can, get_visible_or_404, policy, require, scope_for
from fulian.core.viewhelpers import form_page, page_of, pressed, submitted

from . import forms, selectors, services
from .models import Entrepreneur, JobFair, Loan, Training

CAP = "employment.view"
TABS = {
    "trainings": ("技能培训", selectors.training_list_visible_to),
    "fairs": ("招聘会", selectors.fair_list_visible_to),
    "entrepreneurs": ("创业女性", selectors.entrepreneur_list_visible_to),
}


@policy(CAP)
def index(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "trainings"
    qs = TABS[tab][1](user=request.user)
    page = page_of(request, qs)
    return render(
        request,
        "employment/index.html",
        {
            "tab": tab,
            "tabs": [(k, v[0]) for k, v in TABS.items()],
            "page": page,
            "may_change": scope_for(request.user).has("employment.change"),
        },
    )


def _create(request, form, service, title, success, target):
    if written := submitted(request, form, lambda data: service(user=request.user, **data), success=success):
        obj = written.value
        return redirect(target, pk=obj.pk)
    return form_page(request, form, title)


@policy("employment.change")
def training_create(request: HttpRequest) -> HttpResponse:
    form = forms.TrainingForm(request.POST or None, user=request.user)
    return _create(
        request, form, services.training_create, "新建培训", "培训已保存", "employment:training_detail"
    )


@policy(CAP)
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(request.user, Training.objects.select_related("unit"), CAP, pk=pk)
    return render(
        request,
        "employment/training_detail.html",
        {
            "training": training,
            "trainees": selectors.trainee_list(user=request.user, training=training),
            "may_add": scope_for(request.user).has("employment.change"),
        },
    )


@policy("employment.change")
def trainee_add(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(request.user, Training, CAP, pk=pk)
    form = forms.TraineeForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.trainee_add(user=request.user, training=training, **data),
        success="学员已加入名单",
    ):
        return redirect("employment:training_detail", pk=training.pk)
    return form_page(request, form, f"添加学员：{training}")


@policy("employment.change")
def fair_create(request: HttpRequest) -> HttpResponse:
    form = forms.FairForm(request.POST or None, user=request.user)
    return _create(
        request, form, services.fair_create, "新建招聘会", "招聘会已保存", "employment:fair_detail"
    )


@policy(CAP)
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_visible_or_404(request.user, JobFair.objects.select_related("unit"), CAP, pk=pk)
    return render(
        request,
        "employment/fair_detail.html",
        {
            "fair": fair,
            "employers": fair.employers.all(),
            "may_add": can(request.user, "employment.change", fair),
        },
    )


@policy("employment.change")
def employer_add(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_visible_or_404(request.user, JobFair, CAP, pk=pk)
    require(request.user, "employment.change", fair)
    form = forms.EmployerForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.employer_add(user=request.user, fair=fair, **data),
        success="用人单位已登记",
    ):
        return redirect("employment:fair_detail", pk=fair.pk)
    return form_page(request, form, f"登记用人单位：{fair}")


@policy("employment.change")
def entrepreneur_create(request: HttpRequest) -> HttpResponse:
    form = forms.EntrepreneurForm(request.POST or None, user=request.user)
    return _create(
        request,
        form,
        services.entrepreneur_register,
        "登记创业女性",
        "已登记",
        "employment:entrepreneur_detail",
    )


@policy(CAP)
def entrepreneur_detail(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_visible_or_404(request.user, Entrepreneur.objects.select_related("person", "village"), CAP, pk=pk)
    return render(
        request,
        "employment/entrepreneur_detail.html",
        {
            "e": e,
            "loans": e.loans.all(),
            "may_change": can(request.user, "employment.change", e),
            "repaid_form": forms.RepaidForm(),
        },
    )


@policy("employment.change")
def loan_add(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_visible_or_404(request.user, Entrepreneur, CAP, pk=pk)
    require(request.user, "employment.change", e)
    form = forms.LoanForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.loan_record(user=request.user, entrepreneur=e, **data),
        success="贷款已登记",
    ):
        return redirect("employment:entrepreneur_detail", pk=e.pk)
    return form_page(request, form, f"登记贷款：{e}")


@policy("employment.change")
@require_POST
def loan_repaid(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_visible_or_404(request.user, Loan, CAP, pk=pk)
    require(request.user, "employment.change", loan)
    form = forms.RepaidForm(request.POST)
    pressed(
        request,
        lambda: services.loan_mark_repaid(user=request.user, loan=loan, **form.cleaned_data),
        form=form,
        success="已标记为还清",
        invalid="请填写有效的还清日期",
    )
    return redirect("employment:entrepreneur_detail", pk=loan.entrepreneur_id)
