"""Resources, projects and services handled (资源、项目与代办服务).

- Funds (资金/物资账户) of a unit: donations received (money, or goods with quantities and an estimated
  value; a receipt number per unit and year) and uses (to a programme, a disaster, a unit, or aid
  disbursements, linked row by row so that a donation's use traces to the people who received it).
  Nothing is deleted: a cancelled donation or use stays with its reason and stops counting. The balance
  is computed by the database (`selectors.funds_with_balance`).
- Services handled for a person of the registry (代办服务): the kind is data (`ServiceKind`).
- Projects and bases (项目与基地): 申报 → 立项 → 实施 → 验收, with milestones.
- Pairings between bodies (结对共建) and what they did together.
Rows copy the tree path of their unit (`unit_path`, `village_path`) as the ledgers do.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link, user_link
from fulian.core.ledgers import PathCopied

UNIT = "orgs.OrgUnit"
MONEY = {"max_digits": 12, "decimal_places": 2}


class Kind(models.TextChoices):
    MONEY = "money", "资金"
    GOODS = "goods", "物资"


class Status(models.TextChoices):
    ACTIVE = "active", "有效"
    CANCELLED = "cancelled", "已作废"


class _UnitRow(PathCopied):
    unit = unit_link("所属单位")
    unit_path = tree_path()
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "unit_path"

    class Meta:
        abstract = True

    path_source = ("unit", "unit_path")


class Fund(_UnitRow):
    """A fund (or goods account) a unit keeps for donations: 春蕾助学金, 抗洪救灾捐赠 …"""

    name = models.CharField("名称", max_length=60)
    purpose = models.CharField("用途", max_length=200, blank=True, default="")
    opened_on = models.DateField("设立日期", default=timezone.localdate)

    Meta = table(
        "捐赠资金账户",
        ordering=["unit_path", "name", "id"],
        constraints=[unique("unit", "name", name="resources_fund_name_once", message="已有同名账户")],
    )

    def __str__(self) -> str:
        return self.name


class Donation(models.Model):
    """Money or goods received into a fund, from a person, a company or a unit."""

    class Donor(models.TextChoices):
        PERSON = "person", "个人"
        COMPANY = "company", "企业"
        UNIT = "unit", "单位"

    fund = models.ForeignKey(Fund, verbose_name="账户", on_delete=models.PROTECT, related_name="donations")
    unit_path = tree_path()
    donor_kind = models.CharField("捐赠方类别", max_length=10, choices=Donor.choices)
    donor = models.CharField("捐赠方", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.MONEY)
    amount = models.DecimalField("金额/折价(元)", **MONEY)
    purpose = models.CharField("捐赠用途", max_length=200, blank=True, default="")
    received_on = models.DateField("接收日期")
    receipt_year = models.PositiveSmallIntegerField("收据年度", editable=False)
    receipt_seq = models.PositiveIntegerField("收据序号", editable=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancel_reason = models.CharField("作废原因", max_length=200, blank=True, default="")
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "unit_path"

    Meta = table(
        "捐赠收入",
        ordering=["-received_on", "-id"],
        indexes=[path_index("unit_path", "received_on", "resources_don_path_date")],
        constraints=[
            models.CheckConstraint(condition=Q(amount__gt=0), name="resources_donation_positive"),
            # The receipt numbers of a unit run per year: the fund's unit path stands for the unit.
            unique("unit_path", "receipt_year", "receipt_seq", name="resources_receipt_once"),
        ],
    )

    def __str__(self) -> str:
        return f"{self.donor} {self.receipt_number}"

    @property
    def receipt_number(self) -> str:
        return f"{self.receipt_year}-{self.receipt_seq:04d}" if self.receipt_seq else ""

    @property
    def counts(self) -> bool:
        return self.status == Status.ACTIVE


class DonationItem(models.Model):
    """One line of a donation in kind (大米 50 袋 × 80 元)."""

    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("物品", max_length=50)
    quantity = models.DecimalField("数量", max_digits=10, decimal_places=2)
    measure = models.CharField("单位", max_length=10, blank=True, default="")
    unit_value = models.DecimalField("估价(元/单位)", **MONEY)

    scope_path_field = "donation__unit_path"

    Meta = table(
        "捐赠物资明细",
        ordering=["id"],
        constraints=[
            models.CheckConstraint(condition=Q(quantity__gt=0), name="resources_item_quantity"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="resources_item_value"),
        ],
    )

    def __str__(self) -> str:
        return f"{self.name}{self.quantity.normalize():f}{self.measure}"

    @property
    def value(self) -> Decimal:
        return (self.quantity * self.unit_value).quantize(Decimal("0.01"))


class FundUse(models.Model):
    """Money or goods given out of a fund: to a programme, a disaster, a unit, or aid disbursements."""

    class Target(models.TextChoices):
        PROGRAMME = "programme", "项目"
        DISASTER = "disaster", "救灾"
        UNIT = "unit", "单位"
        AID = "aid", "救助发放"

    fund = models.ForeignKey(Fund, verbose_name="账户", on_delete=models.PROTECT, related_name="uses")
    unit_path = tree_path()
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.MONEY)
    target = models.CharField("去向", max_length=10, choices=Target.choices)
    recipient = models.CharField("接收方/用途", max_length=100)
    amount = models.DecimalField("金额/折价(元)", **MONEY)
    used_on = models.DateField("使用日期")
    note = models.CharField("说明", max_length=200, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancel_reason = models.CharField("作废原因", max_length=200, blank=True, default="")
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "unit_path"

    Meta = table(
        "捐赠使用",
        ordering=["-used_on", "-id"],
        indexes=[path_index("unit_path", "used_on", "resources_use_path_date")],
        constraints=[models.CheckConstraint(condition=Q(amount__gt=0), name="resources_use_positive")],
    )

    def __str__(self) -> str:
        return f"{self.recipient} {self.amount}元"


class UseDisbursement(models.Model):
    """An aid disbursement paid from a fund use. The aid app is left as it is: the link lives here, and a
    disbursement is paid by at most one use that counts (`active`, cleared when the use is cancelled)."""

    use = models.ForeignKey(FundUse, verbose_name="捐赠使用", on_delete=models.PROTECT, related_name="links")
    disbursement = models.ForeignKey(
        "aid.Disbursement", verbose_name="救助发放", on_delete=models.PROTECT, related_name="fund_links"
    )
    amount = models.DecimalField("金额(元)", **MONEY)
    active = models.BooleanField("有效", default=True)

    scope_path_field = "use__unit_path"

    Meta = table(
        "捐赠支付的救助发放",
        ordering=["id"],
        constraints=[
            unique(
                "disbursement",
                name="resources_disbursement_paid_once",
                message="该救助发放已由其他捐赠使用支付",
                condition=Q(active=True),
            )
        ],
    )

    def __str__(self) -> str:
        return f"{self.use} · {self.disbursement_id}"


class ServiceKind(models.Model):
    """A kind of service handled on a woman's behalf (再就业优惠证, 社保补贴 …): reference data."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("在用", default=True)

    Meta = table("代办服务类别", ordering=["order", "id"])

    def __str__(self) -> str:
        return self.name


class ServiceRecord(PathCopied):
    """A service handled for a person of the registry."""

    class Outcome(models.TextChoices):
        DONE = "done", "已办结"
        PENDING = "pending", "办理中"
        REFERRED = "referred", "已转介"
        REFUSED = "refused", "未获批准"

    person = models.ForeignKey(
        "people.Person", verbose_name="服务对象", on_delete=models.PROTECT, related_name="services_handled"
    )
    village = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", editable=False)
    village_path = tree_path()
    kind = models.ForeignKey(ServiceKind, verbose_name="服务类别", on_delete=models.PROTECT, related_name="+")
    handled_on = models.DateField("办理日期")
    outcome = models.CharField("办理结果", max_length=10, choices=Outcome.choices, default=Outcome.DONE)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "village_path"

    Meta = table(
        "代办服务",
        ordering=["-handled_on", "-id"],
        indexes=[path_index("village_path", "handled_on", "resources_svc_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.kind} · {self.handled_on:%Y-%m-%d}"


STAGES = ["proposed", "approved", "running", "accepted"]


class Project(_UnitRow):
    """A project or base (110家庭暴力预防中心, 居家灵活就业示范基地, 儿童之家 …) and where it stands."""

    class Type(models.TextChoices):
        DV_CENTRE = "dv_centre", "家庭暴力预防中心"
        EMPLOYMENT_BASE = "employment_base", "就业示范基地"
        ENTREPRENEUR_BASE = "entrepreneur_base", "巾帼创业示范基地"
        CHILDREN_HOME = "children_home", "儿童之家"
        OTHER = "other", "其他项目"

    class Stage(models.TextChoices):
        PROPOSED = "proposed", "申报"
        APPROVED = "approved", "立项"
        RUNNING = "running", "实施"
        ACCEPTED = "accepted", "验收"

    name = models.CharField("名称", max_length=100)
    type = models.CharField("类别", max_length=20, choices=Type.choices)
    is_base = models.BooleanField("基地", default=False, help_text="基地可承接培训和活动")
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, default=Stage.PROPOSED)
    partners = models.CharField("合作单位", max_length=200, blank=True, default="")
    funding = models.DecimalField("资金(元)", null=True, blank=True, **MONEY)
    proposed_on = models.DateField("申报日期")
    people_served = models.PositiveIntegerField("服务人数", default=0)
    units_served = models.CharField("服务单位", max_length=200, blank=True, default="")
    description = models.TextField("简介", blank=True, default="")
    trainings = models.ManyToManyField(
        "employment.Training", verbose_name="承接的培训", blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        "activities.Activity", verbose_name="承接的活动", blank=True, related_name="+"
    )

    Meta = table(
        "项目与基地",
        ordering=["-proposed_on", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(funding__isnull=True) | Q(funding__gte=0), name="resources_project_funding"
            )
        ],
    )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.funding is not None and self.funding < 0:
            raise ValidationError({"funding": "资金不能为负数"})


class Milestone(models.Model):
    """A dated step of a project: each change of stage, and the milestones recorded along the way."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    done_on = models.DateField("日期")
    title = models.CharField("事项", max_length=100)
    stage = models.CharField("进入阶段", max_length=10, choices=Project.Stage.choices, blank=True, default="")

    scope_path_field = "project__unit_path"

    Meta = table("项目进展", ordering=["done_on", "id"])

    def __str__(self) -> str:
        return self.title


class Pairing(_UnitRow):
    """Two bodies paired for a period (结对共建): a school with a school, a unit with a village, a company
    with poor households."""

    class Type(models.TextChoices):
        SCHOOLS = "schools", "校校结对"
        UNIT_VILLAGE = "unit_village", "单位与村（社区）结对"
        COMPANY_HOUSEHOLDS = "company_households", "企业与困难家庭结对"
        OTHER = "other", "其他结对"

    type = models.CharField("类别", max_length=20, choices=Type.choices)
    party_a = models.CharField("结对一方", max_length=100)
    party_b = models.CharField("结对另一方", max_length=100)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    Meta = table(
        "结对共建",
        ordering=["-started_on", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="resources_pairing_dates",
                violation_error_message="结束日期不能早于开始日期",
            )
        ],
    )

    def __str__(self) -> str:
        return f"{self.party_a}与{self.party_b}"

    def clean(self) -> None:
        if self.party_a and self.party_a == self.party_b:
            raise ValidationError({"party_b": "结对双方不能相同"})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "结束日期不能早于开始日期"})


class PairingActivity(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField("日期")
    title = models.CharField("活动", max_length=100)
    participants = models.PositiveIntegerField("参加人数", default=0)

    scope_path_field = "pairing__unit_path"

    Meta = table("结对活动", ordering=["held_on", "id"])

    def __str__(self) -> str:
        return self.title
