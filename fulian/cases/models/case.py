"""The case itself (咨询与案件) and the managed list of bodies cases are referred to."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.crypto import EncryptedTextField
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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class ReferralBody(models.Model):
    """A body cases may be referred to (managed list): a police station, a court, a legal-aid office …

    A body serves the subtree of its unit (a county court serves every town of the county).
    """

    class Kind(models.TextChoices):
        POLICE = "police", "公安"
        COURT = "court", "法院"
        JUSTICE = "justice", "司法所/法律援助"
        CIVIL_AFFAIRS = "civil_affairs", "民政"
        HOSPITAL = "hospital", "医院"
        SCHOOL = "school", "学校"
        LAW_FIRM = "law_firm", "律所"

    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    unit = unit_link("服务区域", related_name="referral_bodies")
    phone = models.CharField("联系电话", max_length=30, blank=True, default="")
    is_active = models.BooleanField("启用", default=True)

    scope_path_field = "unit__path"

    Meta = table(
        "转介单位",
        ordering=["kind", "name"],
        constraints=[unique("unit", "name", name="referralbody_unique_name")],
    )

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Case(models.Model):
    """One consultation (咨询) or case (案件) received by a town federation."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "咨询"
        CASE = "case", "案件"

    class Channel(models.TextChoices):
        VISIT = "visit", "来访"
        PHONE = "phone", "来电"
        HOTLINE = "hotline", "12338 热线"
        ONLINE = "online", "网络"
        REFERRAL = "referral", "转介"

    class ReferredBy(models.TextChoices):
        POLICE = "police", "公安"
        SCHOOL = "school", "学校"
        HOSPITAL = "hospital", "医院"
        VILLAGE_COMMITTEE = "village_committee", "村委会"
        OTHER = "other", "其他"

    class Type(models.TextChoices):
        DOMESTIC_VIOLENCE = "domestic_violence", "家庭暴力"
        MARRIAGE = "marriage", "婚姻家庭"
        PROPERTY = "property", "财产权益"
        EMPLOYMENT = "employment", "劳动就业"
        CHILD = "child", "儿童权益"
        SEXUAL_HARASSMENT = "sexual_harassment", "性骚扰"
        OTHER = "other", "其他"

    class Risk(models.TextChoices):
        RED = "red", "红"
        ORANGE = "orange", "橙"
        YELLOW = "yellow", "黄"

    class Status(models.TextChoices):
        REGISTERED = "registered", "登记"
        ASSESSED = "assessed", "评估"
        HANDLING = "handling", "处置"
        REFERRED = "referred", "转介"
        FOLLOW_UP = "follow_up", "回访"
        CLOSED = "closed", "结案"

    class Relation(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        FORMER_SPOUSE = "former_spouse", "前配偶"
        PARTNER = "partner", "同居者/恋人"
        PARENT = "parent", "父母"
        CHILD = "child", "子女"
        RELATIVE = "relative", "其他亲属"
        EMPLOYER = "employer", "用人单位"
        OTHER = "other", "其他"

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "咨询已答复"
        RESOLVED = "resolved", "问题解决"
        MEDIATED = "mediated", "调解成功"
        REFERRED = "referred", "转介办结"
        LITIGATION = "litigation", "进入诉讼"
        WITHDRAWN = "withdrawn", "当事人撤回"
        UNREACHABLE = "unreachable", "无法联系"
        OTHER = "other", "其他"

    class Satisfaction(models.TextChoices):
        VERY = "very", "非常满意"
        SATISFIED = "satisfied", "满意"
        NEUTRAL = "neutral", "一般"
        UNSATISFIED = "unsatisfied", "不满意"
        UNKNOWN = "unknown", "未表态"

    # Set right after the insert (it contains the primary key); NULL until then, so that two intakes at the
    # same moment never collide on an empty number.
    number = models.CharField("编号", max_length=20, unique=True, null=True, blank=True, default=None)
    kind = models.CharField("性质", max_length=20, choices=Kind.choices, default=Kind.CASE)
    handling_unit = unit_link("承办单位", related_name="handled_cases", limit_choices_to={"level": 4})
    village = unit_link("所在村(社区)")
    # The village's tree path, copied so that statistics group on a column of this table.
    unit_path = tree_path()
    person = models.ForeignKey(
        "people.Person", verbose_name="当事人", on_delete=models.PROTECT, related_name="rights_cases"
    )
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices)
    referred_by = models.CharField(
        "转介来源", max_length=20, choices=ReferredBy.choices, blank=True, default=""
    )
    type = models.CharField("类型", max_length=30, choices=Type.choices)
    respondent_name = EncryptedTextField("被反映人", blank=True, default="")
    respondent_relation = models.CharField(
        "与当事人关系", max_length=20, choices=Relation.choices, blank=True, default=""
    )
    narrative = EncryptedTextField("反映情况")
    request = EncryptedTextField("当事人诉求", blank=True, default="")
    received_at = models.DateTimeField("受理时间", default=timezone.now)
    risk_level = models.CharField("风险等级", max_length=10, choices=Risk.choices, blank=True, default="")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    days_to_close = models.PositiveIntegerField("办结天数", null=True, blank=True, editable=False)
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, blank=True, default="")
    satisfaction = models.CharField(
        "当事人满意度", max_length=20, choices=Satisfaction.choices, blank=True, default=""
    )
    closing_note = EncryptedTextField("结案说明", blank=True, default="")
    created_by = user_link("登记人", editable=False)
    created_at = recorded_at()
    updated_at = changed_at()

    Meta = table(
        "维权案件",
        ordering=["-received_at", "-id"],
        indexes=[
            models.Index(fields=["handling_unit", "status"], name="case_unit_status"),
            path_index("unit_path", "received_at", "case_path_received"),
        ],
        constraints=[
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("received_at")),
                name="case_closed_after_received",
            )
        ],
    )

    def __str__(self) -> str:
        # Never the person's name: this string lands in access logs and notifications.
        return self.number or f"维权案件#{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self) -> None:
        errors = {}
        if self.channel == self.Channel.REFERRAL and not self.referred_by:
            errors["referred_by"] = "来源渠道为“转介”时，请选择转介来源"
        if (
            self.village_id
            and self.handling_unit_id
            and not self.village.path.startswith(self.handling_unit.path)
        ):
            errors["village"] = "所在村(社区)必须属于承办乡镇/街道"
        if self.handling_unit_id and self.handling_unit.level != 4:
            errors["handling_unit"] = "承办单位必须是乡镇/街道"
        if self.received_at and self.received_at > timezone.now() + datetime.timedelta(minutes=5):
            errors["received_at"] = "受理时间不能晚于现在"
        if errors:
            raise ValidationError(errors)
