"""Pairing (爱心妈妈 / 结对): volunteers from the registry paired with left-behind children, and their visits.

A pairing belongs to the child's village (that is where the chair looks after her); a visit is booked on
the pairing's village too, so the ledger totals group by one indexed path. Each row copies its village's
tree path (`village_path`, kept in step by the services and save()) so that scoping and the figures filter
a column of their own table without a join. A volunteer account sees only the pairings and visits where
she is the volunteer (see `rules.py`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link, user_link
from fulian.core.ledgers import PathCopied


class Volunteer(PathCopied):
    """A registry person serving as a volunteer, optionally with an account holding the volunteer role."""

    class Kind(models.TextChoices):
        CARING_MOTHER = "caring_mother", "爱心妈妈"
        WOMEN_VOLUNTEER = "women_volunteer", "巾帼志愿者"

    person = models.OneToOneField(
        "people.Person", verbose_name="志愿者本人", on_delete=models.PROTECT, related_name="volunteer"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    village = unit_link("所属村(社区)")
    village_path = tree_path()
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.CARING_MOTHER)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    registered_on = models.DateField("登记日期", default=timezone.localdate)
    left_on = models.DateField("退出日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path_field = "village_path"

    Meta = table(
        "志愿者",
        ordering=["village__path", "id"],
        indexes=[path_index("village_path", "registered_on", "care_vol_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.person}（{self.get_kind_display()}）"

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    def clean(self) -> None:
        if self.left_on and self.registered_on and self.left_on < self.registered_on:
            raise ValidationError({"left_on": "退出日期不能早于登记日期"})


class VisitFrequency(models.IntegerChoices):
    """Days between scheduled visits."""

    WEEKLY = 7, "每周"
    FORTNIGHTLY = 14, "每两周"
    MONTHLY = 30, "每月"
    QUARTERLY = 90, "每季度"


class Pairing(PathCopied):
    """One volunteer paired with one child for a period. Re-pairing ends this row and starts another."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="pairings"
    )
    child = models.ForeignKey(
        "people.Person", verbose_name="结对儿童", on_delete=models.PROTECT, related_name="care_pairings"
    )
    village = unit_link("儿童所在村(社区)")
    village_path = tree_path()
    started_on = models.DateField("结对日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.CharField("结对原因", max_length=200)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    frequency = models.PositiveSmallIntegerField(
        "走访频次", choices=VisitFrequency.choices, default=VisitFrequency.MONTHLY
    )
    # Kept by the services (pairing_create, visit_record) so that "overdue" is one indexed comparison.
    next_visit_due = models.DateField("下次走访截止", null=True, blank=True, db_index=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name="接替结对",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    created_at = recorded_at("创建时间")

    scope_path_field = "village_path"

    Meta = table(
        "结对",
        ordering=["-started_on", "-id"],
        constraints=[
            unique("child", name="care_one_active_pairing_per_child", condition=Q(ended_on__isnull=True)),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="care_pairing_dates_order",
            ),
        ],
        indexes=[path_index("village_path", "started_on", "care_pair_path_start")],
    )

    def __str__(self) -> str:
        return f"{self.volunteer.person} ↔ {self.child}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_active and self.next_visit_due is not None and self.next_visit_due < today

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "结束日期不能早于结对日期"})


class Visit(PathCopied):
    """One visit (or call) by the volunteer to the paired child."""

    class Kind(models.TextChoices):
        HOME = "home", "上门"
        PHONE = "phone", "电话"
        VIDEO = "video", "视频"
        GROUP = "group", "集体活动"

    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.PROTECT, related_name="visits")
    village = unit_link("所在村(社区)")
    village_path = tree_path()
    visited_on = models.DateField("走访日期")
    kind = models.CharField("方式", max_length=10, choices=Kind.choices, default=Kind.HOME)
    notes = models.TextField("走访情况", blank=True)
    needs_found = models.TextField("发现的需求", blank=True)
    # Only a need marked solved is written as 帮助解决 in the annual summary (care.visits.needs_solved).
    need_solved = models.BooleanField("需求已解决", default=False)
    recorded_by = user_link("记录人", blank=True)
    created_at = recorded_at("记录时间")

    scope_path_field = "village_path"

    Meta = table(
        "走访记录",
        ordering=["-visited_on", "-id"],
        indexes=[path_index("village_path", "visited_on", "care_visit_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.need_solved and not (self.needs_found or "").strip():
            raise ValidationError({"need_solved": "没有填写发现的需求，不能标记为需求已解决"})
