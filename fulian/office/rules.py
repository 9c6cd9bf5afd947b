"""A notice is seen by its recipients (each her own receipt) and, with its receipts, by whoever may send
notices on the sending unit (its senders and the units above)."""

from __future__ import annotations

from django.db.models import Q

from fulian.core.scoping import scope_rule

from .models import Notice, Receipt

READ, SEND = "office.notice_read", "office.notice_send"


@scope_rule(Notice)
def _notice(scope, qs, capability):
    if capability == READ:
        mine = (
            Q(pk__in=Receipt.objects.filter(user=scope.user).values("notice_id"))
            if scope.is_authenticated
            else Q(pk__in=[])
        )
        return qs.filter(mine | scope.q(SEND, "unit_path")) if scope.has(READ) else qs.none()
    return qs.filter(scope.q(capability, "unit_path"))


@scope_rule(Receipt)
def _receipt(scope, qs, capability):
    if capability == READ:
        mine = Q(user=scope.user) if scope.is_authenticated else Q(pk__in=[])
        return qs.filter(mine | scope.q(SEND, "notice__unit_path")) if scope.has(READ) else qs.none()
    return qs.filter(scope.q(capability, "notice__unit_path"))
