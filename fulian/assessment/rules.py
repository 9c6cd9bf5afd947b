"""Scope rules. An assessment (of a town) can be read from the villages below it, so a village chair
finds the assessment her sheet belongs to. A sheet is reached through the holder's unit as usual — except
that an assessor's grant reaches only the sheets of the villages her own groups (leader or member) visit."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from fulian.core.roles import Role, role_grants
from fulian.core.scoping import Scope, collapse_paths, scope_rule

from .models import Assessment, InspectionGroup, Sheet


def _paths(scope: Scope, capability: str, *, assessor: bool) -> tuple[str, ...]:
    return collapse_paths(
        m.unit.path
        for m in scope.memberships
        if (m.role == Role.ASSESSOR) == assessor
        and role_grants(m.role, capability)
        and m.unit.active_until is None
    )


def _under(paths, field: str) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


@scope_rule(Assessment)
def assessment_rule(scope: Scope, qs, capability: str):
    if scope.everywhere(capability):
        return qs
    q = scope.q(capability, "unit__path")
    if capability == "assessment.view":
        below = scope.paths(capability)
        ancestors = {p[:i] for p in below for i in range(4, len(p) + 1, 4)}
        q |= Q(unit__path__in=ancestors)
    return qs.filter(q)


@scope_rule(Sheet)
def sheet_rule(scope: Scope, qs, capability: str):
    if scope.everywhere(capability):
        return qs
    q = _under(_paths(scope, capability, assessor=False), "village__path")
    assessor_paths = _paths(scope, capability, assessor=True)
    if assessor_paths:
        mine = InspectionGroup.objects.filter(
            Q(leader=scope.user) | Q(members=scope.user),
            assessment=OuterRef("assessment"),
            villages=OuterRef("village"),
        )
        q |= _under(assessor_paths, "village__path") & Q(Exists(mine))
    return qs.filter(q)
