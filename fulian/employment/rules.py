"""Trainings and job fairs are seen from above and below the unit that runs them (a county training is
shown to the villages whose women attend); changes need the capability on that unit itself."""

from __future__ import annotations

from fulian.core.ledgers import up_and_down_q
from fulian.core.scoping import scope_rule

from .models import FairEmployer, JobFair, Training


def _rule(path_field):
    def rule(scope, qs, capability):
        if capability == "employment.view":
            return qs.filter(up_and_down_q(scope, capability, path_field))
        return qs.filter(scope.q(capability, path_field))

    return rule


scope_rule(Training)(_rule("unit_path"))
scope_rule(JobFair)(_rule("unit_path"))
scope_rule(FairEmployer)(_rule("fair__unit_path"))
