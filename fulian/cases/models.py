"""Rights protection (维权): consultations and cases, risk assessments, referrals, warnings and protection
orders, follow-up visits, emergency ("break the glass") access and reminders.

The most sensitive data in Fulian. A case is visible only to the case workers assigned to it, to the chair of
the town that handles it, and (for a limited time, logged) to an officer of that town who broke the glass;
see `fulian.cases.rules`. Every free-text field is encrypted at rest (`EncryptedTextField`). The change
history is kept here (`CaseEvent`, notes encrypted), NOT in django-auditlog, whose rows would hold the
plaintext and are shown to auditors above the town.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.crypto import EncryptedTextField

from .conf import conf


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
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="服务区域", on_delete=models.PROTECT, related_name="referral_bodies"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True, default="")
    is_active = models.BooleanField("启用", default=True)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = "转介单位"
        verbose_name_plural = "转介单位"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="referralbody_unique_name")]

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
    handling_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="handled_cases",
        limit_choices_to={"level": 4},
    )
    village = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    # The village's tree path, copied so that statistics group on a column of this table.
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "维权案件"
        verbose_name_plural = "维权案件"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["handling_unit", "status"], name="case_unit_status"),
            models.Index(fields=["unit_path", "received_at"], name="case_path_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("received_at")),
                name="case_closed_after_received",
            )
        ]

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


class CaseAssignment(models.Model):
    """A case worker assigned to a case, from `assigned_at` until `ended_at`."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="维权专员", on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指派人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField("指派时间", default=timezone.now)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "案件指派"
        verbose_name_plural = "案件指派"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(ended_at__isnull=True),
                name="caseassignment_one_active",
                violation_error_message="该专员已承办此案件",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


class RiskAssessment(models.Model):
    """One risk assessment: the checklist answers and the level they give (see `fulian.cases.risk`)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="assessments")
    answers = models.JSONField("评估项", default=dict)
    level = models.CharField("风险等级", max_length=10, choices=Case.Risk.choices)
    note = EncryptedTextField("评估说明", blank=True, default="")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评估人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField("评估时间", default=timezone.now)

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_level_display()}"


class Referral(models.Model):
    """A referral of the case to a body on the managed list: what was asked and what came of it."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        DONE = "done", "已办结"
        DECLINED = "declined", "未受理"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="referrals")
    body = models.ForeignKey(
        ReferralBody, verbose_name="转介单位", on_delete=models.PROTECT, related_name="referrals"
    )
    asked = EncryptedTextField("转介事项")
    referred_on = models.DateField("转介日期", default=timezone.localdate)
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = EncryptedTextField("办理结果", blank=True, default="")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "转介"
        verbose_name_plural = "转介"
        ordering = ["referred_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.body.name}"

    def clean(self) -> None:
        errors = {}
        if self.referred_on and self.referred_on > timezone.localdate():
            errors["referred_on"] = "转介日期不能晚于今天"
        if self.closed_on and self.referred_on and self.closed_on < self.referred_on:
            errors["closed_on"] = "办结日期不能早于转介日期"
        if self.status != self.Status.OPEN and not self.outcome:
            errors["outcome"] = "请填写办理结果"
        if errors:
            raise ValidationError(errors)


class ProtectionMeasure(models.Model):
    """A police warning (告诫书) or a personal-safety protection order (人身安全保护令).

    Order: applied for (by her, or by the federation on her behalf) at `applied_at`; the court must decide
    by `decision_due_at` (72 h, 24 h if urgent); a granted order runs `valid_from`–`valid_until`, at most
    six months.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "告诫书"
        ORDER = "order", "人身安全保护令"

    class Applicant(models.TextChoices):
        VICTIM = "victim", "当事人本人"
        FEDERATION = "federation", "妇联代为申请"
        OTHER = "other", "近亲属/其他机构代为申请"

    class Decision(models.TextChoices):
        PENDING = "pending", "待裁定"
        GRANTED = "granted", "准予"
        REJECTED = "rejected", "驳回"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        ReferralBody,
        verbose_name="出具/受理单位",
        on_delete=models.PROTECT,
        related_name="measures",
    )
    applicant = models.CharField("申请人", max_length=20, choices=Applicant.choices, blank=True, default="")
    applied_at = models.DateTimeField("申请时间", null=True, blank=True)
    urgent = models.BooleanField("紧急申请", default=False)
    decision_due_at = models.DateTimeField("裁定期限", null=True, blank=True, editable=False)
    decision = models.CharField("裁定结果", max_length=20, choices=Decision.choices, blank=True, default="")
    decided_at = models.DateTimeField("裁定时间", null=True, blank=True)
    issued_on = models.DateField("出具日期", null=True, blank=True)
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    note = EncryptedTextField("内容/说明", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "告诫书/保护令"
        verbose_name_plural = "告诫书/保护令"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @staticmethod
    def decision_window(urgent: bool) -> datetime.timedelta:
        hours = conf("CASES_ORDER_URGENT_DECISION_HOURS" if urgent else "CASES_ORDER_DECISION_HOURS")
        return datetime.timedelta(hours=hours)

    @staticmethod
    def latest_end(valid_from: datetime.date) -> datetime.date:
        """The last day an order starting on `valid_from` may run (six months, the day before)."""
        return add_months(valid_from, conf("CASES_ORDER_MAX_MONTHS")) - datetime.timedelta(days=1)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        now = timezone.now()
        if self.kind == self.Kind.WARNING:
            if self.body_id and self.body.kind != ReferralBody.Kind.POLICE:
                errors["body"] = "告诫书应由公安机关出具，请选择公安单位"
            if not self.issued_on:
                errors["issued_on"] = "请填写告诫书出具日期"
            elif self.issued_on > timezone.localdate(now):
                errors["issued_on"] = "出具日期不能晚于今天"
        else:
            self._clean_order(errors, now)
        if errors:
            raise ValidationError(errors)

    def _clean_order(self, errors: dict[str, str], now: datetime.datetime) -> None:
        if self.body_id and self.body.kind != ReferralBody.Kind.COURT:
            errors["body"] = "人身安全保护令由人民法院裁定，请选择法院"
        if not self.applicant:
            errors["applicant"] = "请选择申请人"
        if not self.applied_at:
            errors["applied_at"] = "请填写申请时间"
            return
        if self.applied_at > now + datetime.timedelta(minutes=5):
            errors["applied_at"] = "申请时间不能晚于现在"
        if self.decided_at:
            if self.decided_at < self.applied_at:
                errors["decided_at"] = "裁定时间不能早于申请时间"
            elif self.decided_at > now + datetime.timedelta(minutes=5):
                errors["decided_at"] = "裁定时间不能晚于现在"
        if self.decision in {self.Decision.GRANTED, self.Decision.REJECTED} and not self.decided_at:
            errors["decided_at"] = "请填写裁定时间"
        if self.decision == self.Decision.GRANTED:
            if not self.valid_from or not self.valid_until:
                errors["valid_until"] = "准予保护令时请填写生效日期和有效期"
            elif self.valid_until < self.valid_from:
                errors["valid_until"] = "有效期不能早于生效日期"
            elif self.valid_until > self.latest_end(self.valid_from):
                errors["valid_until"] = (
                    f"人身安全保护令有效期不超过六个月，最晚至{self.latest_end(self.valid_from):%Y-%m-%d}"
                )


class FollowUp(models.Model):
    """A follow-up visit (回访) with its date, and the next one planned."""

    class Method(models.TextChoices):
        HOME = "home", "入户"
        PHONE = "phone", "电话"
        OFFICE = "office", "来访"
        OTHER = "other", "其他"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="followups")
    visited_on = models.DateField("回访日期")
    method = models.CharField("方式", max_length=20, choices=Method.choices)
    note = EncryptedTextField("回访情况")
    next_visit_on = models.DateField("下次回访日期", null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} · 回访 {self.visited_on}"

    def clean(self) -> None:
        errors = {}
        if self.visited_on and self.visited_on > timezone.localdate():
            errors["visited_on"] = "回访日期不能晚于今天"
        if self.next_visit_on and self.visited_on and self.next_visit_on <= self.visited_on:
            errors["next_visit_on"] = "下次回访日期应晚于本次回访日期"
        if errors:
            raise ValidationError(errors)


class CaseEvent(models.Model):
    """The case's own history: who did what, when (status changes, reopenings, assignments)."""

    class Action(models.TextChoices):
        REGISTER = "register", "登记"
        ASSESS = "assess", "风险评估"
        HANDLE = "handle", "处置"
        REFER = "refer", "转介"
        REFERRAL_UPDATE = "referral_update", "转介结果"
        MEASURE = "measure", "告诫书/保护令"
        FOLLOW_UP = "follow_up", "回访"
        CLOSE = "close", "结案"
        REOPEN = "reopen", "重新开启"
        ASSIGN = "assign", "指派"
        BREAK_GLASS = "break_glass", "紧急调阅"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    note = EncryptedTextField("说明", blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "案件记录"
        verbose_name_plural = "案件记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_action_display()}"


class BreakGlassGrant(models.Model):
    """Emergency access to a case by an officer who is not assigned to it: reason required, time-limited,
    logged, and flagged to the chair until she has reviewed it."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="glass_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调阅人", on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField("紧急调阅理由")
    granted_at = models.DateTimeField("调阅时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审阅人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)

    class Meta:
        verbose_name = "紧急调阅"
        verbose_name_plural = "紧急调阅"
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expiry")]

    def __str__(self) -> str:
        return f"{self.case} · 紧急调阅 · {self.user}"

    def is_active(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.expires_at


class CaseReminder(models.Model):
    """A reminder written by `write_case_reminders` (a deadline coming or missed); one row per deadline."""

    class Kind(models.TextChoices):
        ORDER_DECISION_DUE = "order_decision_due", "保护令裁定期限将至"
        ORDER_DECISION_OVERDUE = "order_decision_overdue", "保护令裁定已超期"
        ORDER_EXPIRING = "order_expiring", "保护令即将到期"
        ORDER_EXPIRED = "order_expired", "保护令已到期"
        FOLLOWUP_DUE = "followup_due", "回访将至"
        FOLLOWUP_OVERDUE = "followup_overdue", "回访已逾期"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=80, unique=True, editable=False)
    due_at = models.DateTimeField("期限")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    done_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "案件提醒"
        verbose_name_plural = "案件提醒"
        ordering = ["due_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"
