"""The user's unread notices at the top of the home page's feed (fulian/core/dashboard.py)."""

from __future__ import annotations

from django.urls import reverse

from fulian.core.dashboard import FeedItem


def unread_notices(user, limit: int) -> list[FeedItem]:
    from .selectors import inbox

    receipts = inbox(user=user).filter(read_at__isnull=True)[:limit]
    return [
        FeedItem(
            when=r.notice.sent_at,
            who=r.notice.unit.name,
            text=f"未读{r.notice.get_kind_display()}：{r.notice.title}",
            url=reverse("office:notice_detail", args=[r.notice.pk]),
            pinned=True,
        )
        for r in receipts
    ]
