"""Who sees which pairing: staff by the village path of their grants, a volunteer only her own records.

A volunteer's membership is at her village, but it must never open the village's other pairings: for the
volunteer role the rule matches the volunteer account instead of the path.
"""

from __future__ import annotations

from django.db.models import Q

from fulian.core.ledgers import paths_q, staff_paths
from fulian.core.roles import Role, role_grants
from fulian.core.scoping import scope_rule

from .models import Pairing, Visit, Volunteer


def _q(scope, capability: str, path_field: str, user_field: str) -> Q | None:
    if scope.everywhere(capability):
        return None
    q = paths_q(staff_paths(scope, capability), path_field)
    own = any(
        m.role == Role.VOLUNTEER and role_grants(m.role, capability) and m.unit.active_until is None
        for m in scope.memberships
    )
    if own:
        q |= Q(**{user_field: scope.user})
    return q


def _apply(scope, qs, capability, path_field, user_field):
    q = _q(scope, capability, path_field, user_field)
    return qs if q is None else qs.filter(q)


@scope_rule(Volunteer)
def volunteer_rule(scope, qs, capability):
    return _apply(scope, qs, capability, "village_path", "user")


@scope_rule(Pairing)
def pairing_rule(scope, qs, capability):
    return _apply(scope, qs, capability, "village_path", "volunteer__user")


@scope_rule(Visit)
def visit_rule(scope, qs, capability):
    return _apply(scope, qs, capability, "village_path", "pairing__volunteer__user")
