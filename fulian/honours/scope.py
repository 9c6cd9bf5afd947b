"""A campaign of the county is seen from every town and village below it (they nominate under it);
running it (review, 公示, awards) needs the capability on the campaign's own unit; so do the steps of a
创建 after its 申报 (on the unit that accepts and names it). Honour kinds are reference data. Imported
from AppConfig.ready()."""

from __future__ import annotations

from fulian.core.ledgers import up_and_down_q
from fulian.core.scoping import reference_data, scope_rule

from .capabilities import NOMINATE, REVIEW, VIEW
from .models import Campaign, Creation, HonourKind

reference_data(HonourKind)


@scope_rule(Creation)
def creation_rule(scope, qs, capability):
    """A creation is read and declared by its holder's unit; accepted, named and re-checked by the
    unit it was declared to (`supervisor_path`)."""
    if capability == REVIEW:
        return qs.filter(scope.q(REVIEW, "supervisor_path"))
    return qs.filter(scope.q(capability, "unit_path"))


@scope_rule(Campaign)
def campaign_rule(scope, qs, capability):
    if capability in (VIEW, NOMINATE):
        return qs.filter(up_and_down_q(scope, capability, "unit_path"))
    return qs.filter(scope.q(capability, "unit_path"))
