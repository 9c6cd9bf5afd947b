"""Rights protection (维权): consultations and cases, risk assessments, referrals, warnings and protection
orders, follow-up visits, emergency ("break the glass") access and reminders.

The most sensitive data in Fulian. A case is visible only to the case workers assigned to it, to the chair of
the town that handles it, and (for a limited time, logged) to an officer of that town who broke the glass;
see `fulian.cases.rules`. Every free-text field is encrypted at rest (`EncryptedTextField`). The change
history is kept here (`CaseEvent`, notes encrypted), NOT in django-auditlog, whose rows would hold the
plaintext and are shown to auditors above the town.

One module per part; everything is importable from `fulian.cases.models` as before."""

from .case import Case, ReferralBody, add_months
from .handling import CaseAssignment, FollowUp, ProtectionMeasure, Referral, RiskAssessment
from .records import BreakGlassGrant, CaseEvent, CaseReminder

__all__ = [
    "BreakGlassGrant",
    "Case",
    "CaseAssignment",
    "CaseEvent",
    "CaseReminder",
    "FollowUp",
    "ProtectionMeasure",
    "Referral",
    "ReferralBody",
    "RiskAssessment",
    "add_months",
]
