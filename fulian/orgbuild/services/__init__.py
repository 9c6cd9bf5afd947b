"""Writes of organisation building, one module per part: `elections` (the process, its steps, seats and
candidates), `voting` (rounds, ballot boxes, results, the new roster), `cadres` (appointments and removals,
cadre training, places). Every function is keyword-only, atomic, validated with full_clean() and audited
(django-auditlog); each checks the policy on the unit it writes to."""

from .cadres import (
    attendance_add,
    place_create,
    place_update,
    post_appoint,
    post_remove,
    roster_enter,
    training_create,
)
from .elections import candidate_add, election_create, seats_allocate, step_record
from .voting import box_record, election_apply, round_close, round_open

__all__ = [
    "attendance_add",
    "box_record",
    "candidate_add",
    "election_apply",
    "election_create",
    "place_create",
    "place_update",
    "post_appoint",
    "post_remove",
    "roster_enter",
    "round_close",
    "round_open",
    "seats_allocate",
    "step_record",
    "training_create",
]
