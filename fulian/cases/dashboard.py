"""What the home page shows of cases: alerts for the chair (red cases, emergency accesses to review) and
due or overdue deadlines for the chair and the assigned case workers. Nothing for anyone else.

Alerts carry the current time so that they sort to the top of the feed while they last.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fulian.core.dashboard import FeedItem
from fulian.core.scoping import scope_for

from .selectors import glass_flags_for, red_cases_for, reminders_for


def cases_feed(user, limit: int) -> list[FeedItem]:
    """Feed items about cases the user may see; empty (and no query) for roles without `cases.view`."""
    if not scope_for(user).has("cases.view"):
        return []
    now = timezone.now()
    items: list[FeedItem] = []
    for case in red_cases_for(user=user)[:limit]:
        items.append(
            FeedItem(
                when=now,
                who="红色风险",
                text=f"⚠ 红色风险维权案件 {case.number}（{case.get_status_display()}），请立即关注",
                url=reverse("cases:detail", args=[case.pk]),
            )
        )
    for grant in glass_flags_for(user=user)[:limit]:
        items.append(
            FeedItem(
                when=now,
                who="紧急调阅",
                text=f"{grant.user} 于 {timezone.localtime(grant.granted_at):%m-%d %H:%M} 紧急调阅了案件 "
                f"{grant.case.number}，请审阅",
                url=reverse("cases:list") + "#glass",
            )
        )
    for item in reminders_for(user=user, now=now)[:limit]:
        due = timezone.localtime(item.due_at)
        items.append(
            FeedItem(
                when=now if item.overdue else item.due_at,
                who="维权提醒",
                text=f"{item.label}：案件 {item.case_number}，期限 {due:%m-%d %H:%M}",
                url=reverse("cases:detail", args=[item.case_id]),
            )
        )
    return items[:limit]
