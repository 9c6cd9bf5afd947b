"""Home-page warnings of the pairing ledger: overdue visits for the volunteer and the chair."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from fulian.core.dashboard import FeedItem, count_by_subunit, register_feed, register_stat
from fulian.core.scoping import scope_for

from . import selectors


def overdue_per_unit(user, units) -> dict[int, int]:
    """Active pairings past their visit date, per sub-unit, one query."""
    return count_by_subunit(selectors.overdue_pairings(user=user), "village_path", units)


def overdue_feed(user, limit: int) -> list[FeedItem]:
    """The user's overdue pairings (a volunteer: her own), oldest due date first."""
    if not scope_for(user).has("care.view"):
        return []
    rows = selectors.overdue_pairings(user=user).order_by("next_visit_due", "id")[:limit]
    tz = timezone.get_current_timezone()
    return [
        FeedItem(
            when=datetime.datetime.combine(p.next_visit_due, datetime.time(), tzinfo=tz),
            who=str(p.volunteer.person),
            text=(
                f"超期未走访：{p.volunteer.person} 与 {p.child} 的结对应于 {p.next_visit_due:%Y-%m-%d} 前走访"
            ),
            url=reverse("care:pairing_detail", args=[p.pk]),
        )
        for p in rows
    ]


def register_dashboard() -> None:
    register_stat("care.overdue", "超期未走访结对", overdue_per_unit, capability="care.view", order=60)
    register_feed(overdue_feed)
