"""The public notice (公示) every workflow shares: aid's proposed recipients and honours' proposed awardees.

One mechanism, used by each workflow through three parts:

- **Storage**: abstract models. A workflow's notice derives from `NoticeBase` (the posting unit, title,
  period, contact, draft/published, the token of its public page) and adds the FK to its own parent (an
  aid programme, an honours campaign); its objection derives from `ObjectionBase` and adds the FK to its
  notice and to the row objected to (an application, a nomination). Each keeps its own table, so the
  scoping policy, the change history and the API see ordinary models.
- **Rules**: `default_period`, `draft`, `publish_listed`, `object_to`, `resolve` (on `publish`,
  `record_objection`, `resolve_objection`) — the state checks and messages every notice shares; the
  workflow describes its rows once (a `Listing`), its service calls them inside its own transaction,
  after its own capability check, and passes its consequence (an upheld objection withdraws the
  application or the nomination).
- **Pages**: `NoticeRow` (a masked line: 张*丽, 5117**********1234), the printable page and the public page
  by token without login (`notice_page`, `public_notice_or_404`), the detail include
  `core/publicnotice/_detail.html` (status, list, objections and their forms) — the workflow's URL
  namespace names the same five routes: notice, notice_print, notice_publish, objection_add,
  objection_resolve.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from fulian.core.fields import recorded_at, table, tree_path, unit_link, user_link

from .api import CleanSerializer
from .forms import CleanForm, DateInput
from .viewhelpers import pressed


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class NoticeBase(models.Model):
    """A public notice posted by a unit for a period, with a public page by token (no login)."""

    Status = NoticeStatus

    unit = unit_link("公示单位")
    unit_path = tree_path()
    title = models.CharField("标题", max_length=100)
    body = models.TextField("公示说明", blank=True, default="")
    start_date = models.DateField("公示开始日期")
    end_date = models.DateField("异议截止日期")
    contact = models.CharField("异议受理电话", max_length=50, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = user_link(editable=False)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table(
        "公示",
        abstract=True,
        ordering=["-start_date", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message="异议截止日期不能早于公示开始日期",
            )
        ],
    )

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "异议截止日期不能早于公示开始日期"})

    @property
    def period_over(self) -> bool:
        """Published and the objection period has ended (the day after its last day)."""
        return self.status == NoticeStatus.PUBLISHED and self.end_date < timezone.localdate()


class ObjectionBase(models.Model):
    """An objection received during the notice period, and how it was resolved."""

    Status = ObjectionStatus

    received_on = models.DateField("收到日期", default=timezone.localdate)
    raised_by = models.CharField("异议人（可匿名）", max_length=50, blank=True, default="")
    content = models.TextField("异议内容")
    status = models.CharField(
        "处理结果", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField("核查与处理情况", blank=True, default="")
    resolved_by = user_link(blank=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    scope_path_field = "notice__unit_path"

    Meta = table("公示异议", abstract=True, ordering=["received_on", "id"])

    def __str__(self) -> str:
        return f"{self.notice} · {self.get_status_display()}"  # type: ignore[attr-defined]  # concrete FK


# --- the rules every notice shares ------------------------------------------------------------------


def default_period(
    start: datetime.date | None, end: datetime.date | None, *, days: int
) -> tuple[datetime.date, datetime.date]:
    """The notice period: from `start` (today when not given) to `end` (`days` later when not given)."""
    start = start or timezone.localdate()
    return start, end or start + datetime.timedelta(days=days)


def publish(notice: NoticeBase) -> None:
    """Draft → published; the caller moves its listed rows into 公示中."""
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError("该公示已发布")
    notice.status = NoticeStatus.PUBLISHED
    notice.save()


def require_published(notice: NoticeBase) -> None:
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError("公示尚未发布")


def record_objection(notice: NoticeBase, objection: ObjectionBase) -> ObjectionBase:
    """Save an objection to a published notice."""
    require_published(notice)
    objection.full_clean()
    objection.save()
    return objection


def resolve_objection(objection: ObjectionBase, *, user, upheld: bool, resolution: str) -> ObjectionBase:
    """Close an open objection with the finding; the caller withdraws what an upheld one concerns."""
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError("该异议已处理")
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写核查与处理情况"})
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, user, timezone.now()
    objection.save()
    return objection


# --- the service steps every workflow runs (inside its own transaction, after its capability check) ------


@dataclass(frozen=True)
class Listing:
    """How a workflow's rows sit on its notice: the rows' related name on the notice (and the form/API
    field that picks them), the objection's FK to one row, and the messages that differ."""

    rows: str  # "applications", "nominations"
    row: str  # "application", "nomination"
    none_chosen: str  # "请至少选择一条已审批的申请"
    not_listed: str  # an objection naming a row that is not on this notice: "所选申请不在本公示中"


def draft(notice: NoticeBase, rows: Iterable[Any], *, listing: Listing, refusal: Callable[[Any], str]):
    """Save a draft notice and put `rows` on it; `refusal(row)` names what keeps a row off ("" when
    nothing does). Any refusal leaves nothing saved (the caller's transaction)."""
    notice.full_clean()
    chosen = list(rows)
    if not chosen:
        raise ValidationError({listing.rows: listing.none_chosen})
    for row in chosen:
        if problem := refusal(row):
            raise ValidationError({listing.rows: problem})
    notice.save()
    type(chosen[0])._default_manager.filter(pk__in=[row.pk for row in chosen]).update(notice=notice)
    for row in chosen:
        row.notice = notice
    return notice


def publish_listed(notice: NoticeBase, *, listing: Listing, listed: str, noticed: str) -> None:
    """Publish the notice and move its rows in status `listed` into `noticed` (公示中), each saved (so
    each has its change-history entry)."""
    publish(notice)
    for row in getattr(notice, listing.rows).filter(status=listed):
        row.status = noticed
        row.save()


def object_to(
    notice: NoticeBase,
    model: type[ObjectionBase],
    *,
    listing: Listing,
    row: Any,
    content: str,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> ObjectionBase:
    """Record an objection to a published notice, about one of its rows or about the notice as a whole."""
    require_published(notice)
    if row is not None and row.notice_id != notice.pk:
        raise ValidationError({listing.row: listing.not_listed})
    fields: dict[str, Any] = {"notice": notice, listing.row: row}  # the concrete model's two FKs
    objection = model(
        content=content, raised_by=raised_by, received_on=received_on or timezone.localdate(), **fields
    )
    return record_objection(notice, objection)


def resolve(
    objection: ObjectionBase,
    *,
    user,
    upheld: bool,
    resolution: str,
    listing: Listing,
    withdraw: Callable[[Any, str], None],
) -> ObjectionBase:
    """Resolve an objection; an upheld one about a row calls `withdraw(row, note)` (the workflow's own
    consequence: it may refuse, e.g. a row already paid or awarded)."""
    resolve_objection(objection, user=user, upheld=upheld, resolution=resolution)
    row = getattr(objection, listing.row)
    if upheld and row is not None:
        withdraw(row, f"公示异议成立：{resolution}"[:200])
    return objection


# --- the pages every notice shares ------------------------------------------------------------------


@dataclass
class NoticeRow:
    """One line of a notice as the public sees it: the name masked, the ID number masked (or empty for a
    collective), the place, and the workflow's own column (an amount, a title) already formatted."""

    number: int
    name: str
    id_number: str
    place: str
    extra: str


@dataclass
class NoticeLayout:
    """What differs between workflows on the printed and public page: the lead sentence and two headers."""

    lead: str
    place_label: str = "村(社区)"
    extra_label: str = ""
    extra_end: bool = False  # right-align the workflow's column (money)


def public_notice_or_404(queryset: models.QuerySet, token) -> NoticeBase:
    notice = queryset.filter(token=token, status=NoticeStatus.PUBLISHED).first()
    if notice is None:
        raise Http404("公示不存在或未发布")
    return notice


def notice_page(
    request: HttpRequest, notice: NoticeBase, *, rows: list[NoticeRow], layout: NoticeLayout, public: bool
) -> HttpResponse:
    """The printable page, and the same page on a phone without login (public=True, no print button)."""
    return render(
        request,
        "core/publicnotice/page.html",
        {"notice": notice, "rows": rows, "layout": layout, "public": public},
    )


def detail_context(
    request: HttpRequest,
    notice: NoticeBase,
    *,
    objections: models.QuerySet,
    objection_form: forms.Form,
    resolve_form: forms.Form,
    can_notice: bool,
    public_url_name: str,
    **context: Any,
) -> dict[str, Any]:
    """What a workflow's notice page shows beside its own rows and layout (`context`): the objections with
    the forms to add and resolve one, whether she may act on the notice, and the public link."""
    return {
        "notice": notice,
        **context,
        "objections": objections,
        "objection_form": objection_form,
        "resolve_form": resolve_form,
        "can_notice": can_notice,
        "public_url": request.build_absolute_uri(reverse(public_url_name, args=[notice.token])),
    }


def objection_pressed(request: HttpRequest, form: forms.Form, record: Callable[..., Any]) -> None:
    """The 登记异议 button of a notice page: `record(**form.cleaned_data)` (the workflow's service,
    its user and notice bound), reported by flash messages."""
    pressed(
        request,
        lambda: record(**form.cleaned_data),
        form=form,
        success="已登记异议",
        invalid="请填写异议内容和收到日期",
    )


def resolution_pressed(request: HttpRequest, form: forms.Form, resolve: Callable[..., Any]) -> None:
    """The 处理异议 button: `resolve(**form.cleaned_data)` (upheld, resolution), reported the same way."""
    pressed(
        request,
        lambda: resolve(**form.cleaned_data),
        form=form,
        success="已处理异议",
        invalid="请选择处理结果并填写核查情况",
    )


class ResolveForm(CleanForm):
    """How an objection was resolved; `what` names what an upheld one withdraws (该申请, 该推荐对象)."""

    upheld = forms.TypedChoiceField(label="处理结果", choices=[], coerce=lambda v: v == "1")
    resolution = forms.CharField(label="核查与处理情况", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, what: str = "该申请", **kwargs):
        super().__init__(*args, **kwargs)
        upheld = self.fields["upheld"]
        assert isinstance(upheld, forms.TypedChoiceField)
        upheld.choices = [("0", "异议不成立"), ("1", f"异议成立（撤销{what}）")]


class NoticeFormBase(CleanForm):
    """The fields of a draft notice; the workflow adds its list (`applications`, `nominations`) and the
    choices of the posting unit."""

    # The choices of the posting unit: the workflow sets them.
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label="公示单位", queryset=None)
    title = forms.CharField(label="标题", max_length=100, required=False, help_text="不填则自动生成")
    start_date = forms.DateField(label="公示开始日期", widget=DateInput)
    end_date = forms.DateField(
        label="异议截止日期", widget=DateInput, required=False, help_text="不填则按系统设置的公示天数"
    )
    contact = forms.CharField(label="异议受理电话", max_length=50, required=False)
    body = forms.CharField(label="公示说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionFormBase(CleanForm):
    """An objection as received; the workflow adds the row it may concern (first on the form)."""

    raised_by = forms.CharField(label="异议人（可匿名）", max_length=50, required=False)
    received_on = forms.DateField(label="收到日期", widget=DateInput)
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))


class NoticeCreateSerializerBase(CleanSerializer):
    """The API twin of `NoticeFormBase`: the workflow adds its parent and its list of row ids."""

    unit = serializers.IntegerField(label="公示单位")
    title = serializers.CharField(label="标题", max_length=100, required=False, allow_blank=True, default="")
    start_date = serializers.DateField(label="公示开始日期", required=False)
    end_date = serializers.DateField(label="异议截止日期", required=False)
    contact = serializers.CharField(label="异议受理电话", max_length=50, required=False, default="")
    body = serializers.CharField(label="公示说明", required=False, allow_blank=True, default="")


class ObjectionCreateSerializerBase(CleanSerializer):
    """The API twin of `ObjectionFormBase`: the workflow adds the id of the row it may concern."""

    content = serializers.CharField(label="异议内容")
    raised_by = serializers.CharField(label="异议人（可匿名）", max_length=50, required=False, default="")
    received_on = serializers.DateField(label="收到日期", required=False)
