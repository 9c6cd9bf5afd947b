"""Scope rule for programmes: a programme of the county applies in every town and village below it, so
it is visible (and can be applied under) from anywhere in its subtree; changing it needs a grant on the
programme's own unit or above."""

from __future__ import annotations

from django.db.models import Q

from fulian.core.scoping import Scope, scope_rule

from .models import Programme

# Capabilities that look at a programme from below (reading it, applying or paying under it).
READ_FROM_BELOW = {"aid.view", "aid.apply", "aid.review", "aid.approve", "aid.notice", "aid.disburse"}


def ancestor_paths(paths, steplen: int = 4) -> set[str]:
    return {p[:i] for p in paths for i in range(steplen, len(p) + 1, steplen)}


@scope_rule(Programme)
def programme_rule(scope: Scope, qs, capability: str):
    q = scope.q(capability, "unit_path")
    if capability in READ_FROM_BELOW and not scope.everywhere(capability):
        q |= Q(unit_path__in=ancestor_paths(scope.paths(capability)))
    return qs.filter(q)
