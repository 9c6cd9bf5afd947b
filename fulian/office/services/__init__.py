"""Writes of the office app: the documents register (documents.py) and the notices (notices.py)."""

from .documents import (
    document_receive,
    document_register_numbered,
    document_send,
    number_next,
    series_create,
)
from .lists import list_recipients, list_units, recipient_list_create
from .notices import attendance_record, meeting_signup, notice_read, notice_send, recipients_of
from .training import attendance_matches, attendance_sync, training_from_notice, training_link

__all__ = [
    "attendance_matches",
    "attendance_record",
    "attendance_sync",
    "document_receive",
    "document_register_numbered",
    "document_send",
    "list_recipients",
    "list_units",
    "meeting_signup",
    "notice_read",
    "notice_send",
    "number_next",
    "recipient_list_create",
    "recipients_of",
    "series_create",
    "training_from_notice",
    "training_link",
]
