"""Who sees a case: the `@scope_rule(Case)` the scoping policy applies to every read.

- `cases.view`: the case workers assigned to it (while they still hold the case-worker role over the handling
  town), the chair of the handling town (a town_chair membership on that very unit, not above it), and an
  officer of that town holding an unexpired break-the-glass grant. Nobody else, superusers included: for
  anyone else the case does not exist (404).
- `cases.change`, `cases.export`: the assigned workers and the chair (emergency access is read-only).
- `cases.assign`: the chair only.
- `cases.stats`: counts only, by the usual tree-path scope (county staff see their county's counts).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fulian.core.roles import Role, role_grants
from fulian.core.scoping import Scope, scope_rule

from .models import BreakGlassGrant, Case, CaseAssignment

STATS_CAPABILITIES = frozenset({"cases.stats"})
WORKER_CAPABILITIES = frozenset({"cases.view", "cases.change", "cases.export"})
CHAIR_CAPABILITIES = frozenset({"cases.view", "cases.change", "cases.export", "cases.assign"})


def _paths(scope: Scope, role: str) -> list[str]:
    return [m.unit.path for m in scope.memberships if m.role == role and m.unit.active_until is None]


def _under(paths: list[str], field: str = "handling_unit__path") -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


@scope_rule(Case)
def case_rule(scope: Scope, qs: QuerySet, capability: str) -> QuerySet:
    """Rows of `qs` the scope's user may reach with `capability` (see the module docstring)."""
    if capability in STATS_CAPABILITIES:
        return qs.filter(scope.q(capability, "handling_unit__path"))
    if not scope.is_authenticated or not scope.memberships:
        return qs.none()
    cond = Q(pk__in=[])
    if capability in CHAIR_CAPABILITIES:
        chair_paths = _paths(scope, Role.TOWN_CHAIR)
        if chair_paths:
            cond |= Q(handling_unit__path__in=chair_paths)
    if capability in WORKER_CAPABILITIES:
        worker_paths = _paths(scope, Role.CASE_WORKER)
        if worker_paths:
            assigned = CaseAssignment.objects.filter(
                case=OuterRef("pk"), user=scope.user, ended_at__isnull=True
            )
            cond |= _under(worker_paths) & Exists(assigned)
    if capability == "cases.view":
        glass_paths = [
            m.unit.path
            for m in scope.memberships
            if role_grants(m.role, "cases.break_glass") and m.unit.active_until is None
        ]
        if glass_paths:
            grants = BreakGlassGrant.objects.filter(
                case=OuterRef("pk"), user=scope.user, expires_at__gt=timezone.now()
            )
            cond |= _under(glass_paths) & Exists(grants)
    return qs.filter(cond)
