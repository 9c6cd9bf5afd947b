"""Honours and model-building (评选表彰与创建): kinds of honour, campaigns with quotas, nominations with
their automatic eligibility checks, the public notice (公示, the shared mechanism of
`fulian/core/publicnotice.py`) and the awards — also past titles recorded without a campaign, which the
rules read (the lower-level title held, the repeat window).

A holder is a registry person (三八红旗手, 孝敬好儿女, 女当家), a family (最美家庭, 五好文明家庭: a registry
person stands for her family), a collective or work unit named in text with its headcount
(三八红旗集体, 巾帼文明岗),
or a village of the tree (巾帼示范村). Every row copies the path it is scoped by (`unit_path`): the
holder's village for people, families and villages, the nominating unit for collectives.

Workflow of a nomination (`Nomination.Status`):
    submitted 待审核 → approved 拟表彰 → noticed 公示中 → awarded 已表彰
    rejected 未通过 / withdrawn 已撤销 end it (an upheld objection withdraws it).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link, user_link
from fulian.core.publicnotice import NoticeBase, ObjectionBase


class HonourLevel(models.IntegerChoices):
    VILLAGE = 1, "村级"
    TOWN = 2, "乡镇级"
    COUNTY = 3, "县级"
    CITY = 4, "市级"
    PROVINCE = 5, "省级"
    NATIONAL = 6, "全国"


class HolderType(models.TextChoices):
    PERSON = "person", "个人"
    FAMILY = "family", "家庭"
    UNIT = "unit", "集体/单位"
    VILLAGE = "village", "村(社区)"


COLLECTIVE_TYPES = (HolderType.UNIT, HolderType.VILLAGE)


class HonourKind(models.Model):
    """A title and its rules, as data the county edits (the starter set: migration 0002)."""

    name = models.CharField("称号", max_length=30, unique=True)
    holder_type = models.CharField("表彰对象", max_length=10, choices=HolderType.choices)
    cycle_years = models.PositiveSmallIntegerField("评选周期(年)", default=1)
    min_women_percent = models.DecimalField(
        "女性占比不低于(%)", max_digits=5, decimal_places=2, null=True, blank=True, help_text="不填则不查"
    )
    min_lower_months = models.PositiveSmallIntegerField(
        "下一级称号须满(月)", null=True, blank=True, help_text="不填则不要求先获下一级称号"
    )
    repeat_window_years = models.PositiveSmallIntegerField(
        "同级不重复表彰(年)", null=True, blank=True, help_text="不填则不限"
    )
    veto_open_dv_case = models.BooleanField("有未结家暴案件一票否决", default=False)
    veto_family_planning_years = models.PositiveSmallIntegerField(
        "违反计划生育政策N年内一票否决",
        null=True,
        blank=True,
        help_text="当事人或其登记的家庭成员在资格计算日期前N年内有记录的，一票否决；不填则不查",
    )
    description = models.CharField("说明", max_length=200, blank=True, default="")
    active = models.BooleanField("在用", default=True)

    Meta = table("荣誉称号", ordering=["name"])

    def __str__(self) -> str:
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.holder_type in COLLECTIVE_TYPES


class Campaign(models.Model):
    """One round of selection (评选) of a kind at a level for a year, run by a unit with quotas."""

    class Status(models.TextChoices):
        OPEN = "open", "推荐中"
        REVIEW = "review", "审核中"
        DONE = "done", "已表彰"

    kind = models.ForeignKey(
        HonourKind, verbose_name="称号", on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("级别", choices=HonourLevel.choices)
    title = models.CharField("名称", max_length=80)
    unit = unit_link("组织单位", related_name="honour_campaigns")
    unit_path = tree_path()
    awarding_body = models.CharField("表彰机关", max_length=50, help_text="如 万源市妇联、达州市妇联")
    nominations_close = models.DateField("推荐截止日期")
    reference_date = models.DateField("资格计算日期", help_text="任职年限、称号年限算至此日")
    awarded_on = models.DateField("表彰日期", null=True, blank=True)
    decision_number = models.CharField("表彰决定文号", max_length=40, blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = user_link(editable=False)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table("评选表彰", ordering=["-year", "-id"])

    def __str__(self) -> str:
        return self.title


class Quota(models.Model):
    """Places a sub-unit may nominate in a campaign (名额分配)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="评选", on_delete=models.CASCADE, related_name="quotas"
    )
    unit = unit_link("推荐单位")
    places = models.PositiveSmallIntegerField("名额")

    scope_path_field = "campaign__unit_path"

    Meta = table(
        "推荐名额",
        ordering=["unit__path"],
        constraints=[unique("campaign", "unit", name="honours_quota_once", message="该单位已分配名额")],
    )

    def __str__(self) -> str:
        return f"{self.unit} {self.places}个"


class Holder(models.Model):
    """Who holds (or is proposed for) a title: the fields nominations and awards share."""

    holder_type = models.CharField("对象类型", max_length=10, choices=HolderType.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="个人/家庭代表",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = unit_link("村(社区)", null=True, blank=True)
    holder_name = models.CharField(
        "名称", max_length=80, help_text="集体、单位的名称；个人、家庭和村自动填写"
    )
    staff_total = models.PositiveIntegerField("职工(成员)总数", null=True, blank=True)
    staff_women = models.PositiveIntegerField("其中女性", null=True, blank=True)
    unit_path = tree_path()

    class Meta:
        abstract = True

    def clean_holder(self) -> None:
        need = {
            HolderType.PERSON: ("person", "请选择个人"),
            HolderType.FAMILY: ("person", "请选择家庭代表（服务对象）"),
            HolderType.VILLAGE: ("village", "请选择村(社区)"),
        }.get(self.holder_type)
        if need and getattr(self, f"{need[0]}_id") is None:
            raise ValidationError({need[0]: need[1]})
        if self.holder_type == HolderType.UNIT and not self.holder_name.strip():
            raise ValidationError({"holder_name": "请填写集体或单位的名称"})
        if (
            self.staff_women is not None
            and self.staff_total is not None
            and self.staff_women > self.staff_total
        ):
            raise ValidationError({"staff_women": "女性人数不能多于总数"})

    @property
    def shown_name(self) -> str:
        if self.holder_type == HolderType.FAMILY:
            return f"{self.holder_name}家庭"
        return self.holder_name


class Nomination(Holder):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "拟表彰"
        NOTICED = "noticed", "公示中"
        AWARDED = "awarded", "已表彰"
        REJECTED = "rejected", "未通过"
        WITHDRAWN = "withdrawn", "已撤销"

    campaign = models.ForeignKey(
        Campaign, verbose_name="评选", on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = unit_link("推荐单位")
    self_nominated = models.BooleanField("个人自荐", default=False)
    deeds = models.TextField("主要事迹")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.CharField("审核意见", max_length=200, blank=True, default="")
    notice = models.ForeignKey(
        "HonourNotice",
        verbose_name="公示",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    created_by = user_link(editable=False)
    created_at = recorded_at("推荐时间")

    scope_path_field = "unit_path"

    Meta = table(
        "推荐对象",
        ordering=["campaign", "unit_path", "id"],
        indexes=[path_index("unit_path", "status", "honours_nom_path_status")],
    )

    def __str__(self) -> str:
        return f"{self.shown_name} · {self.campaign}"

    def clean(self) -> None:
        self.clean_holder()

    @property
    def is_live(self) -> bool:
        return self.status not in {self.Status.REJECTED, self.Status.WITHDRAWN}


class Award(Holder):
    """A title held: awarded through a campaign here, or recorded from the past or from a higher body."""

    kind = models.ForeignKey(HonourKind, verbose_name="称号", on_delete=models.PROTECT, related_name="awards")
    level = models.PositiveSmallIntegerField("级别", choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    awarded_on = models.DateField("命名/表彰日期")
    awarding_body = models.CharField("表彰机关", max_length=50)
    campaign = models.ForeignKey(
        Campaign, verbose_name="评选", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="award", editable=False
    )
    certificate_number = models.CharField("证书编号", max_length=40, blank=True, default="")
    revoked_on = models.DateField("撤销称号日期", null=True, blank=True, editable=False)
    revoke_reason = models.CharField("撤销理由", max_length=300, blank=True, default="", editable=False)
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "unit_path"

    Meta = table(
        "荣誉",
        ordering=["-awarded_on", "-id"],
        indexes=[path_index("unit_path", "awarded_on", "honours_award_path_date")],
        constraints=[
            models.CheckConstraint(
                condition=Q(year__gte=1949), name="honours_award_year", violation_error_message="年度不正确"
            )
        ],
    )

    def __str__(self) -> str:
        return f"{self.shown_name} {self.get_level_display()}{self.kind}"

    def clean(self) -> None:
        self.clean_holder()


class HonourNotice(NoticeBase):
    """The 公示 of a campaign's proposed awardees (the shared mechanism)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="评选", on_delete=models.PROTECT, related_name="notices"
    )

    class Meta(NoticeBase.Meta):
        pass


class HonourObjection(ObjectionBase):
    notice = models.ForeignKey(
        HonourNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name="针对的推荐对象",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )

    class Meta(ObjectionBase.Meta):
        pass

    @property
    def subject_name(self) -> str:
        return self.nomination.shown_name if self.nomination else ""


# 创建 and what supports or blocks a nomination live in their own modules (imported here for Django).
from .models_creation import Creation, CreationStep  # noqa: E402
from .models_support import FamilyPlanningRecord, NominationFile  # noqa: E402

__all__ = [
    "Award",
    "Campaign",
    "Creation",
    "CreationStep",
    "FamilyPlanningRecord",
    "HolderType",
    "HonourKind",
    "HonourLevel",
    "HonourNotice",
    "HonourObjection",
    "Nomination",
    "NominationFile",
    "Quota",
]
