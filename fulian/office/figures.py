"""The records behind each office figure (fulian/core/traces.py), from the same conditions as
`selectors.figures`."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.ledgers import subtree_rows
from fulian.core.traces import Column, Part, Trace

from .models import Direction, Document, Notice

DOCUMENT = (
    Column("成文日期", lambda d: d.dated_on),
    Column("文号", lambda d: d.number),
    Column("标题", lambda d: d.title),
    Column("单位", lambda d: d.unit.name),
    Column("来文单位", lambda d: d.source),
)
NOTICE = (
    Column("发送时间", lambda n: n.sent_at),
    Column("类别", lambda n: n.get_kind_display()),
    Column("标题", lambda n: n.title),
    Column("发送单位", lambda n: n.unit.name),
)


def records(key: str, *, user, unit, start, end) -> Trace | None:
    if key in ("office.sent", "office.received"):
        direction = Direction.SENT if key == "office.sent" else Direction.RECEIVED
        qs = subtree_rows(user, Document, "office.view", unit).filter(
            unit_path__startswith=unit.path, direction=direction, dated_on__gte=start, dated_on__lte=end
        )
        qs = qs.select_related("unit").order_by("dated_on", "id")
        return Trace(
            key, [Part("公文", qs, DOCUMENT, url=lambda d: reverse("office:document_detail", args=[d.pk]))]
        )
    if key in ("office.notices", "office.meetings"):
        qs = subtree_rows(user, Notice, "office.notice_send", unit).filter(
            unit_path__startswith=unit.path, sent_at__date__gte=start, sent_at__date__lte=end
        )
        if key == "office.meetings":
            qs = qs.filter(kind="meeting")
        qs = qs.select_related("unit").order_by("sent_at", "id")
        return Trace(
            key, [Part("通知", qs, NOTICE, url=lambda n: reverse("office:notice_detail", args=[n.pk]))]
        )
    return None
