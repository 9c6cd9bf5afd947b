"""Writes of the in-app notices: sending (to units, roles or a list of people within the sender's
scope), reading, signing up for a meeting, and the meeting's attendance."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fulian.core.scoping import require, scope_for
from fulian.orgs.models import Membership

from ..models import Notice, NoticeKind, Receipt

if TYPE_CHECKING:
    from fulian.accounts.models import User

SEND = "office.notice_send"


def recipients_of(
    *,
    user: User,
    units: Iterable = (),
    roles: Iterable[str] = (),
    people: Iterable = (),
    subunits: bool = True,
) -> dict:
    """{recipient user: her unit} for the choice: the active members of the chosen units (and of their
    sub-units with `subunits`) holding one of `roles` (any role when none is chosen), and the people of
    the list; everyone inside the sender's scope, the sender herself left out."""
    scope = scope_for(user)
    units, roles, people = list(units), list(roles), list(people)
    outside = [u.name for u in units if not scope.covers(SEND, u.path)]
    if outside:
        raise ValidationError({"units": f"{'、'.join(outside)}不在您的管辖范围内"})
    members = Membership.objects.filter(is_active=True, user__is_active=True, unit__active_until__isnull=True)
    members = (
        members.filter(scope.q(SEND, "unit__path")).select_related("user", "unit").order_by("unit__path")
    )
    chosen = Q(pk__in=[])
    for unit in units:
        chosen |= Q(unit__path__startswith=unit.path) if subunits else Q(unit=unit)
    if units and roles:
        chosen &= Q(role__in=roles)
    elif roles:
        chosen = Q(role__in=roles)
    if people:
        chosen |= Q(user__in=people)
    found: dict = {}
    for m in members.filter(chosen):
        if m.user_id != user.pk:
            found.setdefault(m.user, m.unit)
    listed = {p.pk for p in people}
    missing = listed - {u.pk for u in found} - {user.pk}
    if missing:
        raise ValidationError({"people": "名单中有人不在您的管辖范围内"})
    return found


@transaction.atomic
def notice_send(
    *,
    user: User,
    unit,
    title: str,
    body: str,
    kind: str = NoticeKind.NOTICE,
    units: Iterable = (),
    roles: Iterable[str] = (),
    people: Iterable = (),
    subunits: bool = True,
    meeting_at: datetime.datetime | None = None,
    place: str = "",
    document=None,
    recipient_list=None,
) -> Notice:
    """Send a notice from a unit in the user's scope; one receipt per recipient. A saved recipient list
    (`recipient_list`, services/lists.py) is resolved now and adds its people to the choice."""
    require(user, SEND, unit)
    now = timezone.now()
    if kind == NoticeKind.MEETING:
        if meeting_at is None:
            raise ValidationError({"meeting_at": "会议通知请填写会议时间"})
        if meeting_at <= now:
            raise ValidationError({"meeting_at": "会议时间应晚于现在"})
    elif meeting_at is not None:
        raise ValidationError({"meeting_at": "只有会议通知才填写会议时间"})
    to = recipients_of(user=user, units=units, roles=roles, people=people, subunits=subunits)
    if recipient_list is not None:
        from .lists import list_recipients

        require(user, SEND, recipient_list)
        for person, where in list_recipients(user=user, recipient_list=recipient_list).items():
            to.setdefault(person, where)
    if not to:
        raise ValidationError({"units": "没有符合条件的接收人，请选择单位、角色或名单"})
    notice = Notice(
        unit=unit,
        unit_path=unit.path,
        kind=kind,
        title=title.strip(),
        body=body,
        sent_by=user,
        sent_at=now,
        meeting_at=meeting_at,
        place=place.strip(),
        document=document,
    )
    notice.full_clean()
    notice.save()
    Receipt.objects.bulk_create([Receipt(notice=notice, user=u, unit=where) for u, where in to.items()])
    return notice


def _own_receipt(user: User, notice: Notice) -> Receipt:
    receipt = Receipt.objects.select_for_update().filter(notice=notice, user=user).first()
    if receipt is None:
        raise ValidationError("您不是这份通知的接收人")
    return receipt


@transaction.atomic
def notice_read(*, user: User, notice: Notice) -> Receipt | None:
    """Mark the notice read by the user (once: the first reading is kept); None when she is no recipient
    (a sender looking at the receipts)."""
    receipt = Receipt.objects.select_for_update().filter(notice=notice, user=user).first()
    if receipt is not None and receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
    return receipt


@transaction.atomic
def meeting_signup(*, user: User, notice: Notice, attending: bool = True) -> Receipt:
    """Sign up for (or withdraw from) a meeting before it starts."""
    if notice.kind != NoticeKind.MEETING:
        raise ValidationError("这不是会议通知，无需报名")
    if notice.meeting_at and notice.meeting_at <= timezone.now():
        raise ValidationError("会议已开始，不能再报名或取消")
    receipt = _own_receipt(user, notice)
    now = timezone.now()
    receipt.read_at = receipt.read_at or now
    receipt.signed_up_at = now if attending else None
    receipt.save(update_fields=["read_at", "signed_up_at"])
    return receipt


@transaction.atomic
def attendance_record(*, user: User, notice: Notice, present: Iterable[int]) -> int:
    """Record who came to the meeting (the receipts' ids in `present`; the others are absent), once it
    has started. Returns how many attended."""
    require(user, SEND, notice)
    if notice.kind != NoticeKind.MEETING:
        raise ValidationError("这不是会议通知，没有出席记录")
    if notice.meeting_at and notice.meeting_at > timezone.now():
        raise ValidationError("会议尚未开始，不能登记出席")
    ids = set(present)
    receipts = list(notice.receipts.select_for_update())
    unknown = ids - {r.pk for r in receipts}
    if unknown:
        raise ValidationError("出席名单中有人不是这份通知的接收人")
    for r in receipts:
        r.attended = r.pk in ids
        r.save(update_fields=["attended"])
    return len(ids)
