"""Questionnaires (问卷): a builder of questions, links that open without an account (one-use, or tied to
one sampled respondent), responses tied to the village and the sample."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fulian.core.fields import recorded_at, table, unique, unit_link, user_link

USER = settings.AUTH_USER_MODEL


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Questionnaire(models.Model):
    unit = unit_link("发起单位")
    assessment = models.ForeignKey(
        "assessment.Assessment",
        verbose_name="所属考核",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaires",
    )
    title = models.CharField("问卷标题", max_length=100)
    intro = models.TextField("说明", blank=True)
    created_by = user_link()
    created_at = recorded_at(None)

    scope_path_field = "unit__path"

    Meta = table("问卷", ordering=["-id"])

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        RATING = "rating", "满意度(1–5)"
        TEXT = "text", "填空"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    required = models.BooleanField("必答", default=True)
    options = models.JSONField("选项", default=list, blank=True)

    scope_path_field = "questionnaire__unit__path"

    Meta = table("题目", ordering=["order", "id"])

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE):
            opts = [str(o).strip() for o in self.options or [] if str(o).strip()]
            if len(opts) < 2:
                raise ValidationError({"options": f"“{self.text}”是选择题，至少需要两个选项"})
            if len(set(opts)) != len(opts):
                raise ValidationError({"options": f"“{self.text}”的选项有重复"})
            self.options = opts
        else:
            self.options = []


RATING_LABELS = {1: "很不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "很满意"}


class Link(models.Model):
    """A link (and QR code) that opens the questionnaire without an account: usable `max_uses` times,
    until `expires_at`; a link for a sampled respondent names her and the draw."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    village = unit_link("村(社区)")
    draw = models.ForeignKey(
        "assessment.Draw",
        verbose_name="抽样",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="受访对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    max_uses = models.PositiveIntegerField("可用次数", default=1)
    used = models.PositiveIntegerField("已用次数", default=0)
    expires_at = models.DateTimeField("有效期至")
    created_by = user_link()
    created_at = recorded_at(None)

    scope_path_field = "village__path"

    Meta = table("问卷链接", ordering=["village__path", "id"])

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.village}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Response(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    link = models.ForeignKey(Link, on_delete=models.PROTECT, related_name="responses")
    village = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    village_path = models.CharField(max_length=255, db_index=True)
    draw = models.ForeignKey(
        "assessment.Draw", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    scope_path_field = "village_path"

    Meta = table("答卷", ordering=["-submitted_at"])

    def __str__(self) -> str:
        return f"答卷{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    scope_path_field = "response__village_path"

    Meta = table("答案", constraints=[unique("response", "question", name="answer_unique")])

    def __str__(self) -> str:
        return f"答案{self.pk}"
