"""Visibility of campaigns and hospitals.

A campaign run by the county is seen by every town and village under it (they enter its screenings),
and a town's own campaign by its villages; a sibling town's campaign stays invisible. Changing a campaign
needs the capability on its own unit (the plain subtree rule). Hospitals are a shared reference list.
"""

from __future__ import annotations

from fulian.core.ledgers import up_and_down_q
from fulian.core.scoping import reference_data, scope_rule

from .models import Campaign, Hospital

READ_CAPABILITIES = {"health.view"}


@scope_rule(Campaign)
def campaign_rule(scope, qs, capability):
    if capability in READ_CAPABILITIES:
        return qs.filter(up_and_down_q(scope, capability, "unit_path"))
    return qs.filter(scope.q(capability, "unit_path"))


reference_data(Hospital)
