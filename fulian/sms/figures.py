"""The records behind each SMS figure (fulian/core/traces.py), from the same conditions as
`selectors.figures`: the messages sent, and the recipients they reached (names and phones masked)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.masking import mask_mobile, mask_name
from fulian.core.traces import Column, Part, Trace

from . import selectors
from .models import Delivery

MESSAGE_COLUMNS = (
    Column("开始发送", lambda m: m.started_at.date() if m.started_at else ""),
    Column("发送单位", lambda m: m.unit.name),
    Column("短信内容", lambda m: m.text[:30]),
)
RECIPIENT_COLUMNS = (
    Column("姓名", lambda d: mask_name(d.name)),
    Column("手机号码", lambda d: mask_mobile(d.phone)),
    Column("状态", lambda d: d.get_status_display()),
    Column("短信", lambda d: d.message.text[:20]),
)


def _message_url(m) -> str:
    return reverse("sms:message_detail", args=[m.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key == "sms.messages":
        rows = (
            selectors.sent_messages(user, unit, start, end)
            .select_related("unit")
            .order_by("started_at", "id")
        )
        return Trace(key, [Part("已发送的短信", rows, MESSAGE_COLUMNS, "count", _message_url)])
    if key in ("sms.recipients", "sms.delivered"):
        rows = (
            selectors.reached(user, unit, start, end).select_related("message").order_by("message_id", "id")
        )
        if key == "sms.delivered":
            rows = rows.filter(status=Delivery.Status.DELIVERED)
        return Trace(
            key, [Part("接收人", rows, RECIPIENT_COLUMNS, "count", lambda d: _message_url(d.message))]
        )
    return None
