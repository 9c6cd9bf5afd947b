"""Every write of the rights-protection module. Keyword-only, atomic, validated; bad input raises a
ValidationError with a Chinese message naming the field, and nothing is saved.

Permission to act on a case is checked by the caller (views, API) through the scoping policy; these services
check what only they can know (the body is on the managed list, the worker holds the role over the town, the
break-the-glass officer belongs to the town).

One module per part; everything is importable from `fulian.cases.services` as before."""

from .access import (
    NEUTRAL_GLASS_REFUSAL,
    break_glass,
    case_assign,
    case_disclosure_log,
    case_unassign,
    glass_review,
)
from .closure import case_close, case_reopen
from .common import handling_units_for
from .intake import case_register
from .reminders import reminders_write
from .workflow import (
    case_assess,
    case_handle,
    followup_record,
    order_apply,
    order_decide,
    referral_create,
    referral_update,
    warning_record,
)

__all__ = [
    "NEUTRAL_GLASS_REFUSAL",
    "break_glass",
    "case_assess",
    "case_assign",
    "case_close",
    "case_disclosure_log",
    "case_handle",
    "case_register",
    "case_reopen",
    "case_unassign",
    "followup_record",
    "glass_review",
    "handling_units_for",
    "order_apply",
    "order_decide",
    "referral_create",
    "referral_update",
    "reminders_write",
    "warning_record",
]
