"""A campaign of the county is seen from every town and village below it (they nominate under it);
running it (review, 公示, awards) needs the capability on the campaign's own unit. Honour kinds are
reference data. Imported from AppConfig.ready()."""

from __future__ import annotations

from fulian.core.ledgers import up_and_down_q
from fulian.core.scoping import reference_data, scope_rule

from .capabilities import NOMINATE, VIEW
from .models import Campaign, HonourKind

reference_data(HonourKind)


@scope_rule(Campaign)
def campaign_rule(scope, qs, capability):
    if capability in (VIEW, NOMINATE):
        return qs.filter(up_and_down_q(scope, capability, "unit_path"))
    return qs.filter(scope.q(capability, "unit_path"))
