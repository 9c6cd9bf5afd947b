"""Activity pages: list with filters, month calendar, detail, create/edit, attachments, managed lists,
and the county's activity types page (each type's area and heading in the annual summary)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulian.core.forms import errors_onto_form
from fulian.core.scoping import get_visible_or_404, policy, require, visible
from fulian.core.viewhelpers import page_of, pressed, submitted

from . import selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivityTypeForm,
    AttachmentForm,
    ListItemForm,
    PersonSearchForm,
    TeamForm,
)
from .models import Activity, ActivityAttachment, ActivityType

PAGE_SIZE = 30


@policy("activities.view")
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None, user=request.user)
    filters = selectors.ActivityFilters()
    if form.is_valid():
        filters = selectors.ActivityFilters(**{k: v for k, v in form.cleaned_data.items() if v})
    page = page_of(request, selectors.activity_list(user=request.user, filters=filters), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/activity_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_change": _can_change(request)},
    )


def _can_change(request) -> bool:
    from fulian.core.scoping import scope_for

    return scope_for(request.user).has("activities.change")


@policy("activities.view")
def activity_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    weeks = selectors.activity_calendar(user=request.user, year=first.year, month=first.month)
    days_with = [d for w in weeks for d in w if d.in_month and d.activities]
    return render(
        request,
        "activities/activity_calendar.html",
        {
            "weeks": weeks,
            "days_with": days_with,
            "first": first,
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
            "weekdays": "一二三四五六日",
        },
    )


@policy("activities.view")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(
        request.user, selectors.activity_detail_queryset(user=request.user), "activities.view", pk=pk
    )
    from fulian.core.scoping import can

    participants = activity.participants.order_by("name_pinyin")[:200]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "can_change": can(request.user, "activities.change", activity),
            "team_form": TeamForm(),
            "attachment_form": AttachmentForm(),
            "search_form": PersonSearchForm(),
        },
    )


@policy("activities.change")
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                user=request.user,
                type=data["type"],
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                unit=data["unit"],
                place=data["place"],
                participant_count=data["participant_count"],
                co_units=data["co_units"],
                co_bodies=data["co_bodies"],
                money_spent=data["money_spent"] or 0,
                summary=data["summary"],
                quantities=form.quantities(),
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, f"已登记活动“{activity.title}”")
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "title": "登记活动"})


@policy("activities.change")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_visible_or_404(request.user, Activity, "activities.view", pk=pk)
    require(request.user, "activities.change", activity)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: data[k]
            for k in ("type", "title", "start_date", "end_date", "unit", "place", "money_spent", "summary")
        }
        fields["participant_count"] = (
            data["participant_count"]
            if data["participant_count"] is not None
            else activity.participants.count()
        )
        try:
            services.activity_update(
                user=request.user,
                activity=activity,
                co_units=data["co_units"],
                co_bodies=data["co_bodies"],
                quantities=form.quantities(),
                **fields,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/activity_form.html", {"form": form, "title": "修改活动", "activity": activity}
    )


def _changeable(request, pk) -> Activity:
    activity = get_visible_or_404(request.user, Activity, "activities.view", pk=pk)
    require(request.user, "activities.change", activity)
    return activity


@policy("activities.change")
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _changeable(request, pk)
    services.activity_delete(user=request.user, activity=activity)
    messages.success(request, f"已删除活动“{activity.title}”")
    return redirect("activities:list")


@policy("activities.change")
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _changeable(request, pk)
    form = TeamForm(request.POST)
    pressed(
        request,
        lambda: services.team_add(
            activity=activity,
            name=form.cleaned_data["name"],
            members=form.cleaned_data["members"] or 0,
            result=form.cleaned_data["result"],
        ),
        form=form,
        success="已添加队伍",
        invalid="队名必填",
    )
    return redirect("activities:detail", pk=pk)


@policy("activities.change")
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _changeable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    pressed(
        request,
        lambda: services.attachment_add(
            user=request.user,
            activity=activity,
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
        ),
        form=form,
        success="已上传",
        invalid="请选择要上传的文件",
    )
    return redirect("activities:detail", pk=pk)


@policy("activities.view")
def attachment_download(request: HttpRequest, pk: int, att_pk: int) -> HttpResponse:
    from django.http import FileResponse

    att = get_visible_or_404(request.user, ActivityAttachment, "activities.view", pk=att_pk, activity_id=pk)
    return FileResponse(att.file.open("rb"), filename=att.file.name.rsplit("/", 1)[-1])


@policy("activities.change")
@require_POST
def attachment_delete(request: HttpRequest, pk: int, att_pk: int) -> HttpResponse:
    att = get_visible_or_404(request.user, ActivityAttachment, "activities.view", pk=att_pk, activity_id=pk)
    services.attachment_delete(user=request.user, attachment=att)
    messages.success(request, "已删除附件")
    return redirect("activities:detail", pk=pk)


@policy("activities.change")
def participant_search(request: HttpRequest, pk: int) -> HttpResponse:
    from fulian.people.models import Person

    activity = _changeable(request, pk)
    name = request.GET.get("name", "").strip()
    found = []
    if name:
        found = list(
            visible(request.user, Person, "activities.change")
            .filter(name__contains=name)
            .select_related("village")
            .order_by("name_pinyin")[:20]
        )
    return render(
        request, "activities/_participant_search.html", {"activity": activity, "found": found, "name": name}
    )


@policy("activities.change")
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    from fulian.people.models import Person

    activity = _changeable(request, pk)
    person = get_visible_or_404(request.user, Person, "activities.change", pk=request.POST.get("person"))
    pressed(
        request,
        lambda: services.participant_add(user=request.user, activity=activity, person=person),
        success=f"已关联参加人员 {person.name}",
    )
    return redirect("activities:detail", pk=pk)


@policy("activities.change")
@require_POST
def participant_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    activity = _changeable(request, pk)
    person = activity.participants.filter(pk=person_pk).first()
    if person is not None:
        services.participant_remove(user=request.user, activity=activity, person=person)
        messages.success(request, f"已取消关联 {person.name}")
    return redirect("activities:detail", pk=pk)


@policy("activities.view")
def managed_lists(request: HttpRequest) -> HttpResponse:
    form = ListItemForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "activities.lists")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["list"] == "type":
                    services.activity_type_create(name=data["name"])
                elif data["list"] == "body":
                    services.outside_body_create(name=data["name"])
                else:
                    services.quantity_kind_create(name=data["name"], unit=data["unit"])
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, f"已添加“{data['name']}”")
                return redirect("activities:lists")
    from fulian.core.scoping import scope_for

    return render(
        request,
        "activities/managed_lists.html",
        {
            "form": form,
            **selectors.managed_lists(),
            "can_edit": scope_for(request.user).has("activities.lists"),
            "can_set_summary": scope_for(request.user).has(services.TYPES),
        },
    )


# --- activity types and their place in the annual summary (the county) ------------------------------
# The types are one list shared by the whole county (no unit of their own), so there is no object outside
# a user's scope here: the page is the county's, by its capability.


@policy(services.TYPES)
def type_list(request: HttpRequest) -> HttpResponse:
    form = ActivityTypeForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda data: services.activity_type_save(user=request.user, **data),
        success=lambda t: f"已添加活动类型“{t.name}”",
    ):
        return redirect("activities:types")
    return render(request, "activities/type_list.html", {"types": selectors.activity_types(), "form": form})


@policy(services.TYPES)
def type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity_type = get_object_or_404(ActivityType, pk=pk)
    form = ActivityTypeForm(request.POST or None, instance=activity_type)
    if submitted(
        request,
        form,
        lambda data: services.activity_type_save(user=request.user, activity_type=activity_type, **data),
        success=lambda _: f"已保存活动类型“{activity_type.name}”",
    ):
        return redirect("activities:types")
    return render(request, "activities/type_form.html", {"form": form, "activity_type": activity_type})
