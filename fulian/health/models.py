"""Health screening (两癌筛查, 妇科病普查): campaigns with partner hospitals, the women screened (from the
registry) or counts per village where only counts exist, and the follow-up of positive findings.

Health data is sensitive (docs/domain.md): the finding and treatment texts are encrypted at rest, and
results are shown only to roles holding `health.results` (see docs/ledgers.md); others see them masked.

Campaigns copy their unit's tree path (`unit_path`), screenings and village counts their village's
(`village_path`), kept in step by the services and save(), so that scoping and the figures filter a column
of their own table without a join.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.crypto import EncryptedTextField
from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link
from fulian.core.ledgers import PathCopied


class Hospital(models.Model):
    """A partner hospital (妇幼保健院, 计划生育服务站 …): a shared reference list, not personal data."""

    name = models.CharField("医院名称", max_length=100, unique=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    Meta = table("合作医院", ordering=["name"])

    def __str__(self) -> str:
        return self.name


class Campaign(PathCopied):
    """One screening campaign run by a unit (usually the county) for a period, with its target group."""

    class Kind(models.TextChoices):
        TWO_CANCERS = "two_cancers", "两癌筛查"
        GYNAECOLOGICAL = "gynaecological", "妇科病普查"
        OTHER = "other", "其他筛查"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.TWO_CANCERS)
    unit = unit_link("组织单位")
    unit_path = tree_path()
    hospitals = models.ManyToManyField(
        Hospital, verbose_name="合作医院", blank=True, related_name="campaigns"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    age_min = models.PositiveSmallIntegerField("对象最小年龄", default=35)
    age_max = models.PositiveSmallIntegerField("对象最大年龄", default=64)
    target_count = models.PositiveIntegerField("目标人数", default=0)
    note = models.TextField("说明", blank=True)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table(
        "筛查活动",
        ordering=["-started_on", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")), name="health_campaign_dates"
            ),
            models.CheckConstraint(
                condition=Q(age_max__gte=models.F("age_min")), name="health_campaign_ages"
            ),
        ],
        indexes=[path_index("unit_path", "started_on", "health_campaign_path_date")],
    )

    def __str__(self) -> str:
        return self.name

    path_source = ("unit", "unit_path")

    @property
    def age_range(self) -> str:
        return f"{self.age_min}–{self.age_max}周岁"

    def clean(self) -> None:
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "结束日期不能早于开始日期"
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = "对象最大年龄不能小于最小年龄"
        if errors:
            raise ValidationError(errors)


class Result(models.TextChoices):
    PENDING = "pending", "待出结果"
    NORMAL = "normal", "未见异常"
    ABNORMAL = "abnormal", "异常待复查"
    POSITIVE = "positive", "阳性（确诊）"


class Screening(PathCopied):
    """One woman screened in a campaign, with her result and follow-up."""

    class Site(models.TextChoices):
        CERVICAL = "cervical", "宫颈"
        BREAST = "breast", "乳腺"
        OTHER = "other", "其他妇科疾病"

    class Treatment(models.TextChoices):
        NONE = "", "—"
        ONGOING = "ongoing", "治疗中"
        DONE = "done", "已完成治疗"
        DECLINED = "declined", "未接受治疗"

    campaign = models.ForeignKey(
        Campaign, verbose_name="筛查活动", on_delete=models.PROTECT, related_name="screenings"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name="受检者", on_delete=models.PROTECT, related_name="screenings"
    )
    village = unit_link("所在村(社区)")
    village_path = tree_path()
    hospital = models.ForeignKey(
        Hospital, verbose_name="筛查医院", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    screened_on = models.DateField("筛查日期")
    age = models.PositiveSmallIntegerField("筛查时年龄")
    result = models.CharField("筛查结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    site = models.CharField("异常部位", max_length=10, choices=Site.choices, blank=True)
    finding = EncryptedTextField("诊断/发现", blank=True, default="")
    referred_to = models.CharField("转诊医院", max_length=100, blank=True)
    referred_on = models.DateField("转诊日期", null=True, blank=True)
    treatment = models.CharField("治疗情况", max_length=10, choices=Treatment.choices, blank=True)
    treatment_note = EncryptedTextField("治疗说明", blank=True, default="")
    free_surgery = models.BooleanField("免费手术", default=False)
    aid_application = models.ForeignKey(
        "aid.Application",
        verbose_name="两癌救助申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
    )
    created_at = recorded_at()

    scope_path_field = "village_path"

    Meta = table(
        "筛查记录",
        ordering=["-screened_on", "-id"],
        constraints=[
            unique(
                "campaign",
                "person",
                name="health_screening_once_per_campaign",
                message="该对象已在本次筛查中登记",
            )
        ],
        indexes=[path_index("village_path", "screened_on", "health_scr_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person}"

    def clean(self) -> None:
        errors = {}
        if self.result != Result.POSITIVE:
            if self.free_surgery:
                errors["free_surgery"] = "只有阳性（确诊）结果才能登记免费手术"
            if self.treatment:
                errors["treatment"] = "只有阳性（确诊）结果才能登记治疗情况"
        if self.referred_on and self.screened_on and self.referred_on < self.screened_on:
            errors["referred_on"] = "转诊日期不能早于筛查日期"
        if self.referred_on and not self.referred_to:
            errors["referred_to"] = "请填写转诊医院"
        if errors:
            raise ValidationError(errors)


class ScreeningCount(PathCopied):
    """Counts reported by a village where the names of the women screened are not recorded."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="筛查活动", on_delete=models.PROTECT, related_name="counts"
    )
    village = unit_link("村(社区)")
    village_path = tree_path()
    reported_on = models.DateField("统计日期")
    screened = models.PositiveIntegerField("筛查人数")
    abnormal = models.PositiveIntegerField("异常人数", default=0)
    positive = models.PositiveIntegerField("阳性人数", default=0)
    free_surgeries = models.PositiveIntegerField("免费手术人数", default=0)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path_field = "village_path"

    Meta = table(
        "筛查人数统计",
        ordering=["village__path"],
        constraints=[
            unique(
                "campaign",
                "village",
                name="health_count_once_per_village",
                message="该村(社区)已填报本次筛查的人数",
            )
        ],
        indexes=[path_index("village_path", "reported_on", "health_cnt_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.campaign} · {self.village}：{self.screened}人"

    def clean(self) -> None:
        errors = {}
        if self.screened is not None:
            if (self.abnormal or 0) > self.screened:
                errors["abnormal"] = "异常人数不能大于筛查人数"
            if (self.positive or 0) > self.screened:
                errors["positive"] = "阳性人数不能大于筛查人数"
        if (self.free_surgeries or 0) > (self.positive or 0):
            errors["free_surgeries"] = "免费手术人数不能大于阳性人数"
        if errors:
            raise ValidationError(errors)
