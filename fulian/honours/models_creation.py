"""创建 (model-building): a unit working toward a title — a village creating 巾帼示范村, a work unit
creating 巾帼文明岗, a family's 最美家庭 creation work — and its steps, each with its date, the acting
user and, for a refusal, the reason.

Workflow (`Creation.Status`):
    applied 已申报 → building 创建中 (受理) → named 已命名 (验收命名: the title becomes an `Award`)
    → 复查 合格 keeps it named; 复查 不合格 revokes the title (撤销称号、摘牌: the award is marked revoked).
    applied → refused 不予受理 ends it; a failed 验收 keeps it 创建中 (the reason is recorded).

The holder is scoped by its own unit (`unit_path`, as nominations); the steps after 申报 belong to the
unit that accepts and names (`supervisor`, `supervisor_path`: the campaign's unit when the creation is
part of a 创建 round, else the unit chosen on 申报) and need `honours.review` there.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fulian.core.fields import path_index, recorded_at, table, tree_path, unit_link, user_link

from .models import Award, Campaign, Holder, HonourKind, HonourLevel


class Creation(Holder):
    class Status(models.TextChoices):
        APPLIED = "applied", "已申报"
        BUILDING = "building", "创建中"
        NAMED = "named", "已命名"
        REFUSED = "refused", "不予受理"
        REVOKED = "revoked", "已撤销称号"

    kind = models.ForeignKey(
        HonourKind, verbose_name="创建称号", on_delete=models.PROTECT, related_name="creations"
    )
    level = models.PositiveSmallIntegerField("创建级别", choices=HonourLevel.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="创建活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="creations",
    )
    supervisor = unit_link("受理命名单位")
    supervisor_path = tree_path()
    applied_on = models.DateField("申报日期")
    plan = models.TextField("创建计划和措施", blank=True, default="")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    award = models.OneToOneField(
        Award, null=True, blank=True, on_delete=models.PROTECT, related_name="creation", editable=False
    )
    next_review_on = models.DateField("下次复查日期", null=True, blank=True)
    created_by = user_link(editable=False)
    created_at = recorded_at()

    scope_path_field = "unit_path"  # reading; the steps after 申报: the rule in scope.py (supervisor_path)

    Meta = table(
        "创建单位",
        ordering=["-applied_on", "-id"],
        indexes=[path_index("unit_path", "status", "honours_creation_path_status")],
    )

    def __str__(self) -> str:
        return f"{self.shown_name} 创建{self.get_level_display()}{self.kind}"

    def clean(self) -> None:
        self.clean_holder()


class CreationStep(models.Model):
    """One step of a creation: what was decided, on which day, by whom, and why (for a refusal)."""

    class Step(models.TextChoices):
        APPLY = "apply", "申报"
        ACCEPT = "accept", "受理，进入创建"
        REFUSE = "refuse", "不予受理"
        NAME = "name", "验收合格，命名"
        NAME_FAILED = "name_failed", "验收不合格"
        REVIEW_PASSED = "review_passed", "复查合格"
        REVIEW_FAILED = "review_failed", "复查不合格，撤销称号"

    REASON_NEEDED = (Step.REFUSE, Step.NAME_FAILED, Step.REVIEW_FAILED)

    creation = models.ForeignKey(
        Creation, verbose_name="创建单位", on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    on = models.DateField("日期")
    note = models.CharField("意见或理由", max_length=300, blank=True, default="")
    by = user_link("办理人", editable=False)
    at = recorded_at("办理时间")

    scope_path_field = "creation__unit_path"

    Meta = table("创建环节", ordering=["on", "id"])

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_step_display()}"

    def clean(self) -> None:
        if self.step in self.REASON_NEEDED and not self.note.strip():
            raise ValidationError({"note": f"“{self.get_step_display()}”须填写理由"})
