"""Scope rule for programmes: a programme of the county applies in every town and village below it, so
it is visible (and can be applied under) from anywhere in its subtree; changing it needs a grant on the
programme's own unit or above.

Separation of duties where money moves: with FULIAN["AID_SEPARATE_APPROVER"] on (the default), whoever
submitted or reviewed an application may not approve it, at the town or the county stage."""

from __future__ import annotations

from django.conf import settings
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


def approval_conflict(user, application) -> str:
    """Why separation of duties keeps this user from approving this application ("" when it does not)."""
    if not settings.FULIAN.get("AID_SEPARATE_APPROVER", True):
        return ""
    did = [
        word
        for word, who in (("提交", application.submitted_by_id), ("审核", application.reviewed_by_id))
        if who is not None and who == user.pk
    ]
    if not did:
        return ""
    return (
        f"这份申请由您{'并'.join(did)}，按职责分离要求，救助申请的审批人不能是提交人或审核人，"
        "请由另一位有审批权限的同事审批。"
    )
