"""What is kept about a case: its event history, emergency access grants, reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from fulian.core.crypto import EncryptedTextField
from fulian.core.fields import recorded_at, table, user_link

from .case import Case


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
    by = user_link("操作人")
    at = models.DateTimeField("时间", default=timezone.now)

    Meta = table("案件记录", ordering=["at", "id"])

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
    reviewed_by = user_link("审阅人", blank=True)
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)

    Meta = table(
        "紧急调阅",
        ordering=["-granted_at", "-id"],
        indexes=[models.Index(fields=["user", "expires_at"], name="breakglass_user_expiry")],
    )

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
    created_at = recorded_at("生成时间")
    done_at = models.DateTimeField("处理时间", null=True, blank=True)

    Meta = table("案件提醒", ordering=["due_at", "id"])

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"
