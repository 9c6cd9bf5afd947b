"""Writes of the app, one module per part: `funds` (funds, donations, uses and their aid
disbursements), `work` (services handled, projects and bases, pairings). Every function is keyword-only,
atomic, validated with full_clean() and audited (django-auditlog); each checks the policy
on what it writes."""

from .funds import donation_cancel, donation_receive, donation_update, fund_create, use_cancel, use_record
from .work import (
    base_host,
    milestone_add,
    pairing_activity_add,
    pairing_create,
    project_advance,
    project_create,
    service_record,
)

__all__ = [
    "base_host",
    "donation_cancel",
    "donation_receive",
    "donation_update",
    "fund_create",
    "milestone_add",
    "pairing_activity_add",
    "pairing_create",
    "project_advance",
    "project_create",
    "service_record",
    "use_cancel",
    "use_record",
]
