"""Who the change history names as the actor of a write.

django-auditlog's middleware names `request.user`, which is still anonymous when a DRF token
authenticates inside the view, and its own `set_actor()` does not nest. Services therefore wrap their
writes in `acting_as(actor)`: a context variable, reset on exit, read by a pre_save receiver on
LogEntry that fills the actor only where nothing else has.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("fulian_audit_actor", default=None)


@contextmanager
def acting_as(actor) -> Iterator[None]:
    """Every change-history row written inside the block names `actor` (when authenticated)."""
    token = _actor.set(actor if getattr(actor, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


def fill_actor(sender, instance, **kwargs) -> None:
    """pre_save receiver for auditlog's LogEntry (connected in AuditConfig.ready): the service's actor,
    else the user the request was authenticated as (a DRF token counts)."""
    from .middleware import current_request_user

    if instance.actor_id is not None:
        return
    actor = _actor.get() or current_request_user()
    if actor is not None:
        instance.actor = actor
        instance.actor_email = getattr(actor, "email", None) or None
