"""A meeting notice as cadre training (以会代训): the notice creates or is linked to an orgbuild
`CadreTraining`, and the meeting's attendance becomes the training's list of trained cadres.

The attendees are accounts (the notice's receipts), the trained cadres roster entries
(`orgs.FederationMember`, who need not have an account): an attendee is matched to a roster entry in post
on the meeting's day under the notice's unit by her phone (the account's `phone` = the roster's `phone`),
else by her name in her own unit; one found in several posts is taken in the post of her own unit, else
the first. Attendees without a match are listed with the reason and left out — never guessed.
Syncing only adds (an attendee marked absent later is taken off on the training's own page)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fulian.core.scoping import require
from fulian.orgbuild import services as orgbuild
from fulian.orgbuild.capabilities import CHANGE as TRAIN
from fulian.orgbuild.models import Attendance, CadreTraining
from fulian.orgs.models import FederationMember

from ..models import Notice, NoticeKind, Receipt
from .notices import SEND

if TYPE_CHECKING:
    from fulian.accounts.models import User


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


@dataclass
class Match:
    receipt: Receipt
    member: FederationMember | None = None
    how: str = ""  # 手机号 / 姓名, or why there is no match

    @property
    def name(self) -> str:
        return self.receipt.user.display_name or self.receipt.user.username


@dataclass
class SyncResult:
    added: list[FederationMember] = field(default_factory=list)
    already: int = 0
    unmatched: list[Match] = field(default_factory=list)


def meeting_day(notice: Notice) -> datetime.date:
    return timezone.localdate(notice.meeting_at) if notice.meeting_at else timezone.localdate(notice.sent_at)


def attendance_matches(notice: Notice) -> list[Match]:
    """Every attendee of the meeting with her roster entry, or the reason she has none. Two queries."""
    day = meeting_day(notice)
    under = notice.training.unit_path if notice.training is not None else notice.unit_path
    roster = (
        FederationMember.objects.filter(unit__path__startswith=under, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    by_phone: dict[str, list[FederationMember]] = {}
    by_name: dict[tuple[str, int], list[FederationMember]] = {}
    for m in roster:
        if _phone(m.phone):
            by_phone.setdefault(_phone(m.phone), []).append(m)
        by_name.setdefault((m.name.strip(), m.unit_id), []).append(m)
    out = []
    for r in (
        notice.receipts.filter(attended=True).select_related("user", "unit").order_by("unit__path", "id")
    ):
        match = Match(r)
        name = (r.user.display_name or "").strip()
        found, how = by_phone.get(_phone(r.user.phone), []) if _phone(r.user.phone) else [], "手机号"
        if not found:
            found, how = by_name.get((name, r.unit_id), []), "姓名"
        if found:
            own = [m for m in found if m.unit_id == r.unit_id]
            match.member, match.how = (own or found)[0], how
        else:
            match.how = f"{day:%Y-%m-%d}在任的妇联干部名册中没有手机号或姓名（{r.unit.name}）相符的人"
        out.append(match)
    return out


def _meeting_held(notice: Notice) -> None:
    if notice.kind != NoticeKind.MEETING:
        raise ValidationError("只有会议通知才能记为干部培训")
    if notice.meeting_at and notice.meeting_at > timezone.now():
        raise ValidationError("会议尚未召开，召开后再记为干部培训")


@transaction.atomic
def training_from_notice(
    *, user: User, notice: Notice, hours: Decimal, kind: str = CadreTraining.Kind.MEETING
) -> tuple[CadreTraining, SyncResult]:
    """Create the cadre training of a meeting held (以会代训 by default: the notice's title, day, place)
    and put its matched attendees on the training's list."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    require(user, SEND, notice)
    _meeting_held(notice)
    if notice.training_id:
        raise ValidationError("这次会议已记为干部培训，请直接同步出席名单")
    day = meeting_day(notice)
    training = orgbuild.training_create(
        user=user, unit=notice.unit, kind=kind, title=notice.title, started_on=day, ended_on=day,
        hours=hours, place=notice.place, note=f"由会议通知「{notice.title}」生成",
    )  # fmt: skip
    notice.training = training
    notice.save(update_fields=["training"])
    return training, attendance_sync(user=user, notice=notice)


@transaction.atomic
def training_link(*, user: User, notice: Notice, training: CadreTraining) -> SyncResult:
    """Link a meeting held to a cadre training recorded already, and put its matched attendees on it."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    require(user, SEND, notice)
    require(user, TRAIN, training)
    _meeting_held(notice)
    if notice.training_id:
        raise ValidationError({"training": "这次会议已记为干部培训"})
    if Notice.objects.filter(training=training).exists():
        raise ValidationError({"training": f"培训「{training.title}」已关联另一份会议通知"})
    if not notice.unit_path.startswith(training.unit_path):
        raise ValidationError(
            {"training": f"培训「{training.title}」不是{notice.unit.name}或其上级组织的培训"}
        )
    notice.training = training
    notice.save(update_fields=["training"])
    return attendance_sync(user=user, notice=notice)


@transaction.atomic
def attendance_sync(*, user: User, notice: Notice) -> SyncResult:
    """Put every matched attendee not yet on the training's list on it; the others are returned."""
    require(user, SEND, notice)
    if not notice.training_id:
        raise ValidationError("这次会议还没有记为干部培训")
    training = CadreTraining.objects.select_for_update().get(pk=notice.training_id)
    on_list = set(Attendance.objects.filter(training=training).values_list("member_id", flat=True))
    result = SyncResult()
    for match in attendance_matches(notice):
        if match.member is None:
            result.unmatched.append(match)
        elif match.member.pk in on_list:
            result.already += 1
        else:
            try:
                orgbuild.attendance_add(user=user, training=training, member=match.member)
            except ValidationError as exc:
                match.how = "；".join(exc.messages)
                match.member = None
                result.unmatched.append(match)
            else:
                on_list.add(match.member.pk)
                result.added.append(match.member)
    return result
