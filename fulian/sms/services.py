"""Writes of the SMS platform: templates, saved lists, composing, sending or scheduling, opt-outs, receipts.

Sending itself runs on the task workers (`tasks.py` → `sending.run`); a send here only writes the delivery
rows (one per phone: the idempotency key) and enqueues the work once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fulian.core.scoping import require
from fulian.people.models import mobile_hash

from . import selectors
from . import text as sms_text
from .gateways import sms_settings
from .models import Delivery, ListEntry, Message, OptOut, SavedList, Template

if TYPE_CHECKING:
    from fulian.accounts.models import User

SEND = "sms.send"


@transaction.atomic
def template_create(
    *, user: User, unit, name: str, text: str, sign_name: str, template_code: str
) -> Template:
    require(user, SEND, unit)
    template = Template(
        unit=unit, unit_path=unit.path, name=name, text=text, sign_name=sign_name, template_code=template_code
    )
    template.full_clean()
    template.save()
    return template


def parse_entries(lines: str) -> list[tuple[str, str]]:
    """ "姓名,手机号" per line (a comma, a Chinese comma, a tab or spaces); every bad line named at once."""
    rows, problems = [], []
    for number, line in enumerate((lines or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p for p in line.replace("，", ",").replace("\t", ",").replace(" ", ",").split(",") if p]
        if len(parts) != 2 or not selectors.valid_mobile(parts[1]):
            problems.append(f"第{number}行“{line}”：请写成“姓名,11位手机号”")
            continue
        rows.append((parts[0], parts[1]))
    if problems:
        raise ValidationError({"entries": problems})
    if not rows:
        raise ValidationError({"entries": "名单为空：请每行写一人，“姓名,手机号”"})
    return rows


@transaction.atomic
def saved_list_create(*, user: User, unit, name: str, entries: str) -> SavedList:
    require(user, SEND, unit)
    saved = SavedList(unit=unit, unit_path=unit.path, name=name)
    saved.full_clean()
    saved.save()
    seen: set[str] = set()
    for person, phone in parse_entries(entries):
        key = mobile_hash(phone)
        if key not in seen:
            seen.add(key)
            ListEntry.objects.create(saved_list=saved, name=person, phone=phone, phone_hash=key)
    return saved


@transaction.atomic
def message_compose(
    *,
    user: User,
    unit,
    text: str,
    sign_name: str,
    audience: str,
    template: Template | None = None,
    template_code: str = "",
    variables: dict[str, str] | None = None,
    roles: list[str] | None = None,
    category=None,
    saved_list: SavedList | None = None,
    recipient_list=None,
    quiet_start: dt.time | None = None,
    quiet_end: dt.time | None = None,
) -> Message:
    """A draft message (nothing is sent): preview it, then send or schedule it."""
    require(user, SEND, unit)
    for obj in (template, saved_list, recipient_list):
        if (
            obj is not None
            and not obj.unit_path.startswith(unit.path)
            and not unit.path.startswith(obj.unit_path)
        ):
            raise ValidationError({"audience": "所选模板或名单不属于发送单位"})
    missing: dict[str, tuple[str, str, bool]] = {
        Message.Audience.CADRES: ("roles", "请选择至少一个角色", not roles),
        Message.Audience.CATEGORY: ("category", "请选择人员类别", category is None),
        Message.Audience.LIST: ("saved_list", "请选择名单", saved_list is None),
        Message.Audience.SAVED: ("recipient_list", "请选择常用名单", recipient_list is None),
    }
    field, problem, absent = missing.get(audience, ("", "", False))
    if absent:
        raise ValidationError({field: problem})
    message = Message(
        unit=unit,
        unit_path=unit.path,
        template=template,
        text=text,
        sign_name=sign_name,
        template_code=template_code or (template.template_code if template else ""),
        variables=variables or {},
        audience=audience,
        roles=list(roles or []),
        category=category,
        saved_list=saved_list,
        recipient_list=recipient_list,
        gateway=sms_settings()["GATEWAY"],
        created_by=user,
    )
    if quiet_start is not None and quiet_end is not None:
        message.quiet_start, message.quiet_end = quiet_start, quiet_end
    message.full_clean()
    message.save()
    return message


def preview(message: Message) -> tuple[sms_text.Preview, int]:
    """The text as the first recipient reads it, its length and parts, the cost; and the phones skipped."""
    recipients, invalid = selectors.audience_of(message)
    values = [{**message.variables, "姓名": r.name} for r in recipients]
    price = float(sms_settings()["PRICE_PER_PART"])
    return sms_text.preview(
        sign_name=message.sign_name, text=message.text, values=values, price=price
    ), invalid


def in_quiet_hours(message: Message, moment: dt.datetime) -> bool:
    t = timezone.localtime(moment).time()
    start, end = message.quiet_start, message.quiet_end
    if start == end:
        return False
    return (start <= t or t < end) if start > end else (start <= t < end)


def first_allowed(message: Message, moment: dt.datetime) -> dt.datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(message, moment):
        return moment
    local = timezone.localtime(moment)
    end = local.replace(hour=message.quiet_end.hour, minute=message.quiet_end.minute, second=0, microsecond=0)
    return end if end > local else end + dt.timedelta(days=1)


@transaction.atomic
def message_send(*, user: User, message: Message, at: dt.datetime | None = None) -> Message:
    """Send now, or at `at`; quiet hours move the start to their end. Writes one delivery row per phone."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    require(user, SEND, message)
    if message.status != Message.Status.DRAFT:
        raise ValidationError("这条短信已经发送或已安排定时发送，不能再次发送")
    now = timezone.now()
    if at is not None and at < now - dt.timedelta(minutes=1):
        raise ValidationError({"scheduled_at": "定时发送时间已过，请选择以后的时间"})
    recipients, _invalid = selectors.audience_of(message)
    if not recipients:
        raise ValidationError({"audience": "没有可发送的接收人（无有效手机号）"})
    Delivery.objects.bulk_create(
        [
            Delivery(
                message=message,
                name=r.name,
                phone=r.phone,
                phone_hash=r.phone_hash,
                variables={"姓名": r.name},
                out_id=uuid.uuid4().hex,
                next_attempt_at=None,
            )
            for r in recipients
        ],
        batch_size=500,
    )
    start = first_allowed(message, at or now)
    message.scheduled_at = start
    if start > now + dt.timedelta(seconds=5):
        message.status = Message.Status.SCHEDULED
        message.save(update_fields=["status", "scheduled_at"])
    else:
        _start(message)
    return message


def _start(message: Message) -> None:
    from .tasks import send_message_task

    message.status = Message.Status.SENDING
    message.started_at = timezone.now()
    message.save(update_fields=["status", "started_at", "scheduled_at"])
    workers = int(sms_settings()["WORKERS"])
    transaction.on_commit(lambda: [send_message_task.enqueue(message.pk) for _ in range(workers)])


@transaction.atomic
def message_cancel(*, user: User, message: Message) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    require(user, SEND, message)
    if message.status not in (Message.Status.DRAFT, Message.Status.SCHEDULED):
        raise ValidationError("只有草稿或定时待发的短信可以取消")
    message.status = Message.Status.CANCELLED
    message.save(update_fields=["status"])
    return message


def dispatch_due() -> dict[str, int]:
    """Start scheduled messages that are due (run by `manage.py jobs_cleanup` and before each page load of
    the list): {"scheduled_started": n}."""
    started = 0
    for pk in Message.objects.filter(
        status=Message.Status.SCHEDULED, scheduled_at__lte=timezone.now()
    ).values_list("pk", flat=True):
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=pk)
            if message.status == Message.Status.SCHEDULED:
                message.scheduled_at = first_allowed(message, timezone.now())
                if message.scheduled_at <= timezone.now():
                    _start(message)
                    started += 1
                else:
                    message.save(update_fields=["scheduled_at"])
    return {"scheduled_started": started}


OPT_OUT_WORDS = {"TD", "T", "N", "退订", "取消", "退订短信", "0000"}


def optout_add(*, phone: str, source: str = "回复退订") -> OptOut:
    phone = (phone or "").strip().removeprefix("+86")
    if not selectors.valid_mobile(phone):
        raise ValidationError({"phone": "请填写11位手机号码"})
    key = mobile_hash(phone)
    try:
        with transaction.atomic():
            return OptOut.objects.create(phone=phone, phone_hash=key, source=source)
    except IntegrityError:
        return OptOut.objects.get(phone_hash=key)


def reply_received(*, phone: str, content: str) -> bool:
    """An inbound reply (上行短信): TD/退订 opts the phone out; True when it did."""
    if (content or "").strip().upper() in OPT_OUT_WORDS:
        optout_add(phone=phone, source=f"回复{content.strip()}")
        return True
    return False


def receipt_apply(*, out_id: str = "", provider_id: str = "", delivered: bool, error: str = "") -> bool:
    """A delivery receipt: the row found by our out-id (or the provider's id) becomes delivered or failed."""
    rows = (
        Delivery.objects.filter(out_id=out_id) if out_id else Delivery.objects.filter(provider_id=provider_id)
    )
    if not (out_id or provider_id):
        return False
    S = Delivery.Status
    now = timezone.now()
    fields = (
        {"status": S.DELIVERED, "delivered_at": now}
        if delivered
        else {"status": S.FAILED, "error": error[:200]}
    )
    # A receipt may arrive before the worker wrote "sent": it is the provider's word, so it wins.
    return bool(rows.filter(status__in=[S.SENDING, S.SENT, S.UNKNOWN]).update(**fields))
