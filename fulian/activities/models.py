"""Activities and events (活动台账): what a federation organised, with whom, for how many, at what cost.

Types, outside bodies and quantity kinds are managed lists (seeded by a data migration; users add more).
`unit_path` copies the organising unit's tree path so that scoping and the report figures filter one
indexed column of this table without a join; services keep it in step with `unit`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import (
    changed_at,
    path_index,
    recorded_at,
    table,
    tree_path,
    unique,
    unit_link,
    user_link,
)
from fulian.core.summary import AREAS


class Ledger(models.TextChoices):
    """The specialised ledger that records a kind of work, where one does (decision 0005: one fact, one
    record). An activity type owned by one is recorded there, not as an activity, and counted there."""

    NONE = "", "活动台账"
    TRAINING = "employment.training", "就业创业 › 技能培训"
    JOB_FAIR = "employment.fair", "就业创业 › 招聘会"
    SCREENING = "health.campaign", "两癌筛查 › 筛查活动"


# Where each specialised ledger is recorded (URL names), for the message that routes the user there.
LEDGER_PAGES = {
    Ledger.TRAINING: "employment:training_create",
    Ledger.JOB_FAIR: "employment:fair_create",
    Ledger.SCREENING: "health:campaign_list",
}


class ActivityType(models.Model):
    """A kind of activity (三八节, 宣传, 培训 …). The code is the metric key: activities.count.<code>.

    Where the kind goes in the annual summary is data, set by the county: its area of work and the heading
    of its paragraph (types sharing a heading are written in one paragraph). A type without an area is
    counted in the overview only."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    area = models.CharField(
        "总结中的工作领域",
        max_length=20,
        choices=AREAS,
        blank=True,
        default="",
        help_text="年度工作总结中这类活动归入的部分；不选则只计入活动总数，不单独成段",
    )
    ledger = models.CharField(
        "专门台账",
        max_length=30,
        choices=Ledger.choices,
        blank=True,
        default="",
        help_text="这类工作由专门台账登记和统计时选择（如培训由技能培训台账登记）；活动台账不再登记、不再统计这类活动，以免重复",
    )
    summary_heading = models.CharField(
        "总结中的段落标题",
        max_length=40,
        blank=True,
        default="",
        help_text="如“开展家庭教育活动”；标题相同的类型合写一段。不填则写作“开展××活动”",
    )

    Meta = table("活动类型", ordering=["order", "id"])

    def __str__(self) -> str:
        return self.name

    @property
    def owned_elsewhere(self) -> bool:
        """Recorded and counted by a specialised ledger, not by the activity ledger."""
        return bool(self.ledger)

    def ledger_message(self) -> str:
        """Where to record this kind of work instead (for the form, the import and the API)."""
        return f"“{self.name}”由{self.get_ledger_display()}台账登记和统计，请到该台账登记，以免重复统计"

    @property
    def heading(self) -> str:
        """The heading of its paragraph in the annual summary."""
        return self.summary_heading or f"开展{self.name}活动"


class OutsideBody(models.Model):
    """A department outside the federation that co-organises (科协, 司法局, 卫生局 …)."""

    name = models.CharField("名称", max_length=50, unique=True)
    is_active = models.BooleanField("启用", default=True)

    Meta = table("协办部门", ordering=["name"])

    def __str__(self) -> str:
        return self.name


class QuantityKind(models.Model):
    """A named thing counted at activities, with its unit (倡议书/份, 咨询/人次). Metric key:
    activities.quantity.<code>."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    unit = models.CharField("单位", max_length=10)
    is_active = models.BooleanField("启用", default=True)

    Meta = table("数量项目", ordering=["name"])

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Activity(models.Model):
    """One activity or event, organised by a unit (town, village or the county)."""

    type = models.ForeignKey(
        ActivityType, verbose_name="活动类型", on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField("活动名称", max_length=100)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    place = models.CharField("地点", max_length=100, blank=True, default="")
    unit = unit_link("主办单位", related_name="activities")
    unit_path = tree_path()
    co_units = models.ManyToManyField(
        "orgs.OrgUnit", verbose_name="协办单位", blank=True, related_name="co_organised_activities"
    )
    co_bodies = models.ManyToManyField(
        OutsideBody, verbose_name="协办部门", blank=True, related_name="activities"
    )
    participant_count = models.PositiveIntegerField("参加人数", default=0)
    participants = models.ManyToManyField(
        "people.Person", verbose_name="参加人员", blank=True, related_name="activities"
    )
    money_spent = models.DecimalField("经费支出(元)", max_digits=12, decimal_places=2, default=0)
    summary = models.TextField("活动简介", blank=True, default="")
    created_by = user_link("登记人", blank=True, editable=False)
    created_at = recorded_at()
    updated_at = changed_at()

    scope_path_field = "unit_path"

    Meta = table(
        "活动",
        ordering=["-start_date", "-id"],
        indexes=[path_index("unit_path", "start_date", "activity_path_date")],
        constraints=[
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(money_spent__gte=0),
                name="activity_money_not_negative",
                violation_error_message="经费支出不能为负数",
            ),
        ],
    )

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于开始日期"})


class ActivityTeam(models.Model):
    """A team where teams compete (运动会, 知识竞赛): members and the result."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField("队名", max_length=50)
    unit = unit_link("代表单位", null=True, blank=True)
    members = models.PositiveIntegerField("队员人数", default=0)
    result = models.CharField("成绩/名次", max_length=50, blank=True, default="")

    scope_path_field = "activity__unit_path"

    Meta = table(
        "参赛队伍",
        ordering=["id"],
        constraints=[unique("activity", "name", name="team_unique_name")],
    )

    def __str__(self) -> str:
        return self.name


class ActivityQuantity(models.Model):
    """A named quantity at one activity: 倡议书 4000 份."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="quantities"
    )
    kind = models.ForeignKey(QuantityKind, verbose_name="项目", on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveIntegerField("数量")

    scope_path_field = "activity__unit_path"

    Meta = table(
        "活动数量",
        ordering=["kind__name"],
        constraints=[unique("activity", "kind", name="activity_quantity_unique_kind")],
    )

    def __str__(self) -> str:
        return f"{self.kind.name} {self.amount}{self.kind.unit}"


def attachment_path(instance: ActivityAttachment, filename: str) -> str:
    return f"activities/{instance.activity_id}/{filename}"


class ActivityAttachment(models.Model):
    """A photo or a file of an activity (validated type and size on upload)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        FILE = "file", "文件"

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    caption = models.CharField("说明", max_length=100, blank=True, default="")
    size = models.PositiveIntegerField("大小(字节)", default=0)
    uploaded_by = user_link(blank=True)
    uploaded_at = recorded_at("上传时间")

    scope_path_field = "activity__unit_path"

    Meta = table("活动附件", ordering=["kind", "id"])

    def __str__(self) -> str:
        return self.caption or (self.file.name or "").rsplit("/", 1)[-1]
