"""How a case is handled: assignments, risk assessments, referrals, warnings and protection orders,
follow-ups."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.crypto import EncryptedTextField
from fulian.core.fields import recorded_at, table, unique, user_link

from ..conf import conf
from .case import Case, ReferralBody, add_months


class CaseAssignment(models.Model):
    """A case worker assigned to a case, from `assigned_at` until `ended_at`."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="维权专员", on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = user_link("指派人")
    assigned_at = models.DateTimeField("指派时间", default=timezone.now)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    Meta = table(
        "案件指派",
        constraints=[
            unique(
                "case",
                "user",
                name="caseassignment_one_active",
                message="该专员已承办此案件",
                condition=Q(ended_at__isnull=True),
            )
        ],
    )

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


class RiskAssessment(models.Model):
    """One risk assessment: the checklist answers and the level they give (see `fulian.cases.risk`)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="assessments")
    answers = models.JSONField("评估项", default=dict)
    level = models.CharField("风险等级", max_length=10, choices=Case.Risk.choices)
    note = EncryptedTextField("评估说明", blank=True, default="")
    assessed_by = user_link("评估人")
    assessed_at = models.DateTimeField("评估时间", default=timezone.now)

    Meta = table("风险评估", ordering=["-assessed_at", "-id"])

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
    created_by = user_link(editable=False)

    Meta = table("转介", ordering=["referred_on", "id"])

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
    created_by = user_link(editable=False)
    created_at = recorded_at()

    Meta = table("告诫书/保护令", ordering=["created_at", "id"])

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
    visited_by = user_link(editable=False)

    Meta = table("回访", ordering=["visited_on", "id"])

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
