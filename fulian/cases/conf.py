"""Numbers of the rights-protection module that vary between places, read from settings.FULIAN.

docs/domain.md: the court decides a protection-order application within 72 hours (24 if urgent); an order
lasts at most six months. The rest are local choices with sensible defaults.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "CASES_BREAK_GLASS_HOURS": 4,  # how long emergency access lasts
    "CASES_ORDER_DECISION_HOURS": 72,  # court decides a protection-order application within …
    "CASES_ORDER_URGENT_DECISION_HOURS": 24,  # … or within this, if urgent
    "CASES_ORDER_MAX_MONTHS": 6,  # an order lasts at most this long
    "CASES_ORDER_EXPIRY_NOTICE_DAYS": 14,  # remind this many days before an order ends
    "CASES_ORDER_DECISION_NOTICE_HOURS": 12,  # remind this many hours before a decision is due
    "CASES_FOLLOWUP_NOTICE_DAYS": 3,  # remind this many days before a planned follow-up visit
    "CASES_SUPPRESS_BELOW": 5,  # counts from 1 to this − 1 are shown as "不足5" (selectors.small_count)
}


def conf(name: str) -> int:
    return int(getattr(settings, "FULIAN", {}).get(name, DEFAULTS[name]))
