"""Every write of the aid workflow. Keyword-only, atomic, validated; each transition checks the
caller's capability on the record (scoping policy) and is audited by django-auditlog.

One module per part of the workflow; everything is importable from `fulian.aid.services` as before."""

from .applications import (
    application_approve,
    application_reject,
    application_review,
    application_submit,
    application_update,
    application_withdraw,
    repeat_warning_for,
)
from .disbursements import disbursement_cancel, disbursement_create, disbursement_update, receipt_attach
from .notices import notice_create, notice_publish, objection_days, objection_record, objection_resolve
from .programmes import programme_create, programme_update

__all__ = [
    "application_approve",
    "application_reject",
    "application_review",
    "application_submit",
    "application_update",
    "application_withdraw",
    "disbursement_cancel",
    "disbursement_create",
    "disbursement_update",
    "notice_create",
    "notice_publish",
    "objection_days",
    "objection_record",
    "objection_resolve",
    "programme_create",
    "programme_update",
    "receipt_attach",
    "repeat_warning_for",
]
