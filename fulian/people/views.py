"""Registry pages: list and search, detail with one-record unmasking, create/edit, family links, merge."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.models import AccessLog
from fulian.core.scoping import can, get_visible_or_404, policy, require
from fulian.core.services import access_log_write
from fulian.core.viewhelpers import pressed

from . import selectors, services
from .forms import MergeForm, PersonFilterForm, PersonForm, RelationForm
from .models import Person, Relation

VIEW = "people.view"
CHANGE = "people.change"
UNMASK = "people.unmask"
MERGE = "people.merge"
PAGE_SIZE = 50


COUNT_CAP = selectors.COUNT_CAP  # the page's cap, read at each request (a test lowers it)


@policy(VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    """The registry, filtered and searched; htmx requests get only the table."""
    filters = selectors.PersonFilters.from_mapping(request.GET)
    paginator = selectors.person_list_paginator(
        user=request.user, filters=filters, per_page=PAGE_SIZE, cap=COUNT_CAP
    )
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    ctx = {
        "page": page,
        "capped": paginator.capped,
        "filters": filters,
        "form": PersonFilterForm(request.GET or None, user=request.user),
        "query_string": params.urlencode(),
        "can_change": can_anywhere(request.user, CHANGE),
        "can_merge": can_anywhere(request.user, MERGE),
        "spreadsheet_links": _spreadsheet_links(request.user),
    }
    if request.htmx and request.htmx.target == "people-table":
        return render(request, "people/person_list.html#table", ctx)
    return render(request, "people/person_list.html", ctx)


SPREADSHEET_LINKS = (
    # url name, label, capability, keeps the list's filters, test id
    ("people:import", "Excel导入", CHANGE, False, "import-link"),
    ("people:export", "导出Excel", VIEW, True, "export-link"),
)


def _spreadsheet_links(user) -> list[dict]:
    """Import/export buttons, shown once the spreadsheet views are wired into this app's urls."""
    links = []
    for name, label, capability, with_query, testid in SPREADSHEET_LINKS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if can_anywhere(user, capability):
            links.append({"url": url, "label": label, "with_query": with_query, "testid": testid})
    return links


def can_anywhere(user, capability: str) -> bool:
    from fulian.core.scoping import scope_for

    return scope_for(user).has(capability)


def _detail_context(request: HttpRequest, person: Person, **extra) -> dict:
    guardians = [r for r in person.relations.all() if r.kind == Relation.Kind.GUARDIAN]
    return {
        "person": person,
        "guardians": guardians,
        "can_change": can(request.user, CHANGE, person),
        "can_unmask": can(request.user, UNMASK, person),
        "relation_form": RelationForm(),
        "show_sensitive_categories": can(request.user, UNMASK, person),
        **extra,
    }


@policy(VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person, masked. Opening a minor's record is itself logged (minors' data are sensitive)."""
    person = selectors.person_detail_visible_to(user=request.user, pk=pk)
    if person.is_minor:
        access_log_write(
            user=request.user,
            action=AccessLog.Action.VIEW,
            target=person,
            unit=person.village,
            detail="查看未成年人档案",
        )
    return render(request, "people/person_detail.html", _detail_context(request, person))


@policy(UNMASK)
@require_POST
def person_unmask(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one record's full ID number and mobile (and a minor's address and notes); logged."""
    person = selectors.person_detail_visible_to(user=request.user, pk=pk)
    require(request.user, UNMASK, person)
    access_log_write(
        user=request.user,
        action=AccessLog.Action.UNMASK,
        target=person,
        unit=person.village,
        detail="显示身份证号、手机号" + ("及未成年人住址、备注" if person.is_minor else ""),
    )
    if request.htmx:
        return render(request, "people/person_detail.html#unmasked", {"person": person, "unmasked": True})
    return render(request, "people/person_detail.html", _detail_context(request, person, unmasked=True))


@policy(CHANGE)
def group_options(request: HttpRequest) -> HttpResponse:
    """The 村民小组 choices of the chosen village (htmx: the person form reloads its group list)."""
    from .forms import groups_of

    groups = groups_of(request.user, request.GET.get("village"))
    return render(request, "people/_group_options.html", {"groups": groups})


def _form_response(request, form, person, dup=None, similar=None) -> HttpResponse:
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "dup": dup, "similar": similar},
    )


@policy(CHANGE)
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a person; a same-name-and-birthday match in the town asks for confirmation first."""
    form = PersonForm(request.POST or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        return _form_response(request, form, None)
    guardian = None
    if form.cleaned_data.get("guardian"):
        guardian = selectors.person_find_visible_by_id_or_pk(
            user=request.user, value=form.cleaned_data["guardian"]
        )
        if guardian is None:
            form.add_error("guardian", "未找到该监护人，请先登记监护人")
            return _form_response(request, form, None)
    try:
        person = services.person_create(
            user=request.user,
            data=form.service_data(),
            categories=form.cleaned_data["categories"],
            guardian=guardian,
            confirm_similar=form.cleaned_data["confirm_similar"],
        )
    except services.DuplicatePersonError as exc:
        errors_onto_form(form, exc)
        return _form_response(request, form, None, dup=exc.check)
    except services.SimilarPersonWarning as exc:
        form.data = form.data.copy()
        form.data["confirm_similar"] = "True"
        return _form_response(request, form, None, similar=exc.check)
    except ValidationError as exc:
        errors_onto_form(form, exc)
        return _form_response(request, form, None)
    messages.success(request, f"已登记服务对象“{person.name}”")
    return redirect("people:detail", pk=person.pk)


@policy(CHANGE)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's fields; ID number and mobile stay unchanged when left blank."""
    person = get_visible_or_404(request.user, Person.objects.filter(merged_into__isnull=True), VIEW, pk=pk)
    require(request.user, CHANGE, person)
    current = [link.category for link in person.category_links.filter(removed_on__isnull=True)]
    initial = {k: getattr(person, k) for k in services.EDITABLE_FIELDS if k not in ("id_number", "mobile")}
    initial["categories"] = current
    form = PersonForm(request.POST or None, user=request.user, person=person, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return _form_response(request, form, person)
    data = form.service_data()
    for secret in ("id_number", "mobile"):
        if not data.get(secret):
            data.pop(secret, None)
    try:
        services.person_update(
            user=request.user, person=person, data=data, confirm_similar=form.cleaned_data["confirm_similar"]
        )
        hidden = [c for c in current if c not in form.fields["categories"].queryset]
        services.person_set_categories(
            user=request.user, person=person, categories=[*form.cleaned_data["categories"], *hidden]
        )
    except services.DuplicatePersonError as exc:
        errors_onto_form(form, exc)
        return _form_response(request, form, person, dup=exc.check)
    except services.SimilarPersonWarning as exc:
        form.data = form.data.copy()
        form.data["confirm_similar"] = "True"
        return _form_response(request, form, person, similar=exc.check)
    except ValidationError as exc:
        errors_onto_form(form, exc)
        return _form_response(request, form, person)
    messages.success(request, "已保存")
    return redirect("people:detail", pk=person.pk)


@policy(CHANGE)
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a registered relative (spouse, child, parent, guardian …) to this person."""
    person = selectors.person_detail_visible_to(user=request.user, pk=pk)
    require(request.user, CHANGE, person)
    form = RelationForm(request.POST)
    if form.is_valid():
        relative = selectors.person_find_visible_by_id_or_pk(
            user=request.user, value=form.cleaned_data["relative"]
        )
        if relative is None:
            form.add_error("relative", "未找到该亲属，请先登记")
        else:
            try:
                services.relation_add(
                    user=request.user,
                    person=person,
                    relative=relative,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
    if form.errors:
        ctx = _detail_context(request, person, relation_form=form)
        return render(request, "people/person_detail.html", ctx, status=400)
    messages.success(request, "已添加家庭关系")
    return redirect("people:detail", pk=person.pk)


@policy(CHANGE)
@require_POST
def relation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    relation = get_visible_or_404(request.user, Relation.objects.select_related("person"), VIEW, pk=pk)
    require(request.user, CHANGE, relation.person)
    pressed(
        request,
        lambda: services.relation_remove(user=request.user, relation=relation),
        success="已删除家庭关系",
    )
    return redirect("people:detail", pk=relation.person_id)


@policy(MERGE)
def person_merge(request: HttpRequest) -> HttpResponse:
    """Pick two records in scope, preview what moves, confirm."""
    data = request.POST if request.method == "POST" else (request.GET if "keep" in request.GET else None)
    form = MergeForm(data)
    ctx: dict = {"form": form}
    if data is not None and form.is_valid():
        base = selectors.person_base_visible_to(user=request.user).select_related("village")
        keep = get_visible_or_404(request.user, base, VIEW, pk=form.cleaned_data["keep"])
        drop = get_visible_or_404(request.user, base, VIEW, pk=form.cleaned_data["drop"])
        if not (can(request.user, MERGE, keep) and can(request.user, MERGE, drop)):
            raise PermissionDenied("您的角色无权合并这两条记录")
        ctx.update(keep=keep, drop=drop, preview=services.merge_preview(keep, drop))
        if keep.pk == drop.pk:
            form.add_error(None, "请选择两条不同的记录")
        elif request.method == "POST" and form.cleaned_data["confirm"]:
            try:
                services.person_merge(user=request.user, keep=keep, drop=drop)
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, f"已将记录 {drop.pk} 合并到“{keep.name}”（{keep.pk}）")
                return redirect(reverse("people:detail", args=[keep.pk]))
    return render(request, "people/person_merge.html", ctx)
