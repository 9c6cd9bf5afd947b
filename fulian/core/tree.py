"""The organisation tree as core sees it.

The tree's models — units (`OrgUnit`, a materialized path) and memberships (user + unit + role) — live in
`fulian.orgs`, which builds on core (its pages and selectors go through the scoping policy). Core reaches
them by their Django label, as a ForeignKey("orgs.OrgUnit") does, never by importing `fulian.orgs`: so the
apps depend on core and not the other way round (`fulian/core/tests/test_app_imports.py`).

What core needs of them: a unit has `path`, `depth`, `level` (with choices), `active_from`, `active_until`
and treebeard's `get_root_nodes()`; a membership has `user`, `unit`, `role` and `is_active`.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

UNIT_MODEL = "orgs.OrgUnit"
MEMBERSHIP_MODEL = "orgs.Membership"


def unit_model():
    return apps.get_model(UNIT_MODEL)


def membership_model():
    return apps.get_model(MEMBERSHIP_MODEL)


def active_q(prefix: str = "") -> Q:
    """Units active today: started (or no start) and not yet retired."""
    today = timezone.localdate()
    return (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": today})) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gt": today})
    )


def level_counts(*, user, capability: str = "orgs.view") -> list[dict]:
    """Active units within scope by level, counted by the database: [{level, label, count}]."""
    from .scoping import visible

    model = unit_model()
    labels = dict(model._meta.get_field("level").flatchoices)
    rows = (
        visible(user, model, capability)
        .filter(active_q())
        .values("level")
        .annotate(n=Count("id"))
        .order_by("level")
    )
    return [{"level": r["level"], "label": labels[r["level"]], "count": r["n"]} for r in rows]
