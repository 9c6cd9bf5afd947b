"""A cadre training is seen from above and below the unit that runs it (a town's 以会代训 is shown to the
villages whose chairs attend); changes need the capability on that unit itself. Imported from
AppConfig.ready()."""

from __future__ import annotations

from fulian.core.ledgers import up_and_down_q
from fulian.core.scoping import scope_rule

from .models import CadreTraining


@scope_rule(CadreTraining)
def training_rule(scope, qs, capability):
    if capability == "orgbuild.view":
        return qs.filter(up_and_down_q(scope, capability, "unit_path"))
    return qs.filter(scope.q(capability, "unit_path"))
