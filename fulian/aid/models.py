"""Aid (帮扶救助): programmes, applications, the public notice (公示) with objections, disbursements.

The path an application or a disbursement belongs to is the person's village at the time of applying
(`village_path`, copied so that scoping and report figures filter one indexed column without a join).

Workflow of an application (`Application.Status`):
    submitted 待审核 → reviewed 待审批 → [county 待县级审批 when the amount is above the threshold]
    → approved 已审批 → noticed 公示中 → disbursed 已发放
    rejected 未通过 / withdrawn 已撤销 end it (an upheld objection withdraws it).
Money is Decimal with two places everywhere; totals come from the database, never from Python loops.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.fields import changed_at, path_index, recorded_at, table, tree_path, unit_link, user_link
from fulian.core.formatting import money
from fulian.core.publicnotice import NoticeBase, ObjectionBase

MONEY = {"max_digits": 12, "decimal_places": 2}


def county_threshold_default() -> Decimal:
    return Decimal(str(getattr(settings, "FULIAN", {}).get("AID_COUNTY_THRESHOLD", "3000")))


class Programme(models.Model):
    """An aid programme of a unit (the county or a town) for a year, with a budget and a per-person range."""

    class Form(models.TextChoices):
        CASH = "cash", "现金"
        IN_KIND = "in_kind", "实物"
        BOTH = "both", "现金或实物"

    code = models.SlugField(
        "代码", max_length=40, unique=True, help_text="英文代码，报表指标用，如 poor_mother_2026"
    )
    name = models.CharField("项目名称", max_length=50)
    unit = unit_link("实施单位", related_name="aid_programmes")
    unit_path = tree_path()
    year = models.PositiveSmallIntegerField("年度")
    form = models.CharField("发放形式", max_length=10, choices=Form.choices, default=Form.CASH)
    budget = models.DecimalField("预算(元)", **MONEY)
    min_amount = models.DecimalField("每人最低(元)", **MONEY)
    max_amount = models.DecimalField("每人最高(元)", **MONEY)
    county_threshold = models.DecimalField(
        "县级审批起点(元)",
        null=True,
        blank=True,
        help_text="每人金额高于此数须县妇联审批；不填则用系统设置",
        **MONEY,
    )
    eligible_categories = models.ManyToManyField(
        "people.Category",
        verbose_name="救助对象类别",
        blank=True,
        related_name="aid_programmes",
        help_text="不选则不限类别",
    )
    repeat_window_days = models.PositiveIntegerField(
        "重复救助提醒期(天)", null=True, blank=True, help_text="不填则用系统设置"
    )
    description = models.TextField("说明", blank=True, default="")
    is_open = models.BooleanField("接受申请", default=True)
    created_at = recorded_at("创建时间")

    Meta = table(
        "救助项目",
        ordering=["-year", "name"],
        constraints=[
            models.CheckConstraint(
                condition=Q(min_amount__gte=0) & Q(max_amount__gte=models.F("min_amount")),
                name="aid_programme_amount_range",
                violation_error_message="每人金额范围不正确",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="aid_programme_budget_positive"),
        ],
    )

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"

    def clean(self) -> None:
        if self.min_amount is not None and self.max_amount is not None and self.max_amount < self.min_amount:
            raise ValidationError({"max_amount": "每人最高金额不能低于最低金额"})

    @property
    def threshold(self) -> Decimal:
        return self.county_threshold if self.county_threshold is not None else county_threshold_default()

    @property
    def repeat_window(self) -> int:
        if self.repeat_window_days is not None:
            return self.repeat_window_days
        return int(getattr(settings, "FULIAN", {}).get("AID_REPEAT_WINDOW_DAYS", 365))

    @property
    def range_text(self) -> str:
        return f"{money(self.min_amount)}–{money(self.max_amount)}元"


class Application(models.Model):
    """A person proposed for aid under a programme, and where it stands in the workflow."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        REVIEWED = "reviewed", "待审批"
        COUNTY = "county", "待县级审批"
        APPROVED = "approved", "已审批"
        NOTICED = "noticed", "公示中"
        DISBURSED = "disbursed", "已发放"
        REJECTED = "rejected", "未通过"
        WITHDRAWN = "withdrawn", "已撤销"

    programme = models.ForeignKey(
        Programme, verbose_name="救助项目", on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="救助对象", on_delete=models.PROTECT, related_name="aid_applications"
    )
    village = unit_link("所属村(社区)")
    village_path = tree_path()
    amount = models.DecimalField("申请金额(元)", **MONEY)
    reason = models.TextField("申请理由/家庭情况", blank=True, default="")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    repeat_warning = models.CharField("重复救助提醒", max_length=200, blank=True, default="")
    submitted_by = user_link("申请登记人")
    submitted_at = models.DateTimeField("申请时间", default=timezone.now)
    reviewed_by = user_link("审核人", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    town_approved_by = user_link("乡镇审批人", blank=True)
    town_approved_at = models.DateTimeField("乡镇审批时间", null=True, blank=True)
    county_approved_by = user_link("县级审批人", blank=True)
    county_approved_at = models.DateTimeField("县级审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True, default="")
    notice = models.ForeignKey(
        "Notice",
        verbose_name="公示",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    scope_path_field = "village_path"

    Meta = table(
        "救助申请",
        ordering=["-submitted_at", "-id"],
        indexes=[
            path_index("village_path", "status", "aid_app_path_status"),
            models.Index(fields=["person", "programme"], name="aid_app_person_programme"),
        ],
        constraints=[
            models.CheckConstraint(condition=Q(amount__gt=0), name="aid_application_amount_positive")
        ],
    )

    def __str__(self) -> str:
        return f"{self.person} · {self.programme}"

    @property
    def needs_county(self) -> bool:
        return self.amount is not None and self.amount > self.programme.threshold

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.REJECTED, self.Status.WITHDRAWN}


class Notice(NoticeBase):
    """A public notice (公示) of approved applications under one programme, posted by a unit.

    The shared mechanism (`fulian/core/publicnotice.py`): the web page (by token, no login) and the printed
    list show only masked names and ID numbers.
    """

    programme = models.ForeignKey(
        Programme, verbose_name="救助项目", on_delete=models.PROTECT, related_name="notices"
    )

    class Meta(NoticeBase.Meta):
        pass


class Objection(ObjectionBase):
    """An objection raised during the notice period, and how it was resolved."""

    notice = models.ForeignKey(
        Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="针对的申请",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )

    class Meta(ObjectionBase.Meta):
        pass

    @property
    def subject_name(self) -> str:
        return self.application.person.name if self.application else ""


def receipt_path(instance: Disbursement, filename: str) -> str:
    return f"aid/receipts/{instance.application_id}/{filename}"


class Disbursement(models.Model):
    """Aid actually handed over (cash or in kind) against an approved, publicly noticed application.

    A cancelled disbursement stays (with its reason) but no longer counts. `programme`, `person` and
    `village_path` are copied from the application so that totals are one aggregate over this table.
    """

    class Kind(models.TextChoices):
        CASH = "cash", "现金"
        IN_KIND = "in_kind", "实物"

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        CANCELLED = "cancelled", "已作废"

    application = models.ForeignKey(
        Application, verbose_name="救助申请", on_delete=models.PROTECT, related_name="disbursements"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="disbursements", editable=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="aid_disbursements", editable=False
    )
    village_path = tree_path()
    kind = models.CharField("发放形式", max_length=10, choices=Kind.choices, default=Kind.CASH)
    amount = models.DecimalField("金额/折价(元)", **MONEY)
    paid_on = models.DateField("发放日期", default=timezone.localdate)
    method = models.CharField(
        "发放方式", max_length=30, blank=True, default="", help_text="现金、银行卡、上门送达 …"
    )
    receipt_scan = models.FileField("签收单扫描件", upload_to=receipt_path, blank=True, max_length=255)
    receipt_signed_on = models.DateField("签收日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancel_reason = models.CharField("作废原因", max_length=200, blank=True, default="")
    created_by = user_link(editable=False)
    created_at = recorded_at()
    updated_at = changed_at()

    scope_path_field = "village_path"

    Meta = table(
        "发放记录",
        ordering=["-paid_on", "-id"],
        indexes=[
            path_index("village_path", "paid_on", "aid_disb_path_date"),
            models.Index(fields=["programme", "status"], name="aid_disb_programme_status"),
        ],
        constraints=[
            models.CheckConstraint(condition=Q(amount__gt=0), name="aid_disbursement_amount_positive")
        ],
    )

    def __str__(self) -> str:
        return f"{self.person} {money(self.amount)}元"

    def clean(self) -> None:
        # Whatever the entry point (service, API, admin): no disbursement without approval and 公示.
        app = self.application
        if self.status == self.Status.ACTIVE and app.status not in {
            Application.Status.NOTICED,
            Application.Status.DISBURSED,
        }:
            raise ValidationError(f"该申请状态为“{app.get_status_display()}”，未经审批和公示，不能发放")
        if self.status == self.Status.ACTIVE and (app.notice is None or not app.notice.period_over):
            raise ValidationError("公示期未满，不能发放")


class DisbursementItem(models.Model):
    """One item handed over in kind, with its value (米 1 袋 × 80 元)."""

    disbursement = models.ForeignKey(
        Disbursement, verbose_name="发放记录", on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField("物品", max_length=50)
    quantity = models.PositiveIntegerField("数量", default=1)
    unit = models.CharField("单位", max_length=10, blank=True, default="")
    unit_value = models.DecimalField("单价(元)", **MONEY)

    scope_path_field = "disbursement__village_path"

    Meta = table("实物明细", ordering=["id"])

    def __str__(self) -> str:
        return f"{self.name} {self.quantity}{self.unit}"

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity
