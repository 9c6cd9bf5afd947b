"""Objects for the resources tests: a fund with money in it, an aid disbursement to pay, a DV party."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from fulian.aid import services as aid_services
from fulian.aid.tests.factories import make_person, make_programme, noticed
from fulian.resources import services
from fulian.resources.models import ServiceKind

D = datetime.date


def fund_with(cast, amount="1000", *, unit=None, name="春蕾助学金"):
    user = cast.county_user if unit is not None else cast.chair_a
    fund = services.fund_create(user=user, unit=unit or cast.town_a, name=name)
    if amount:
        services.donation_receive(
            user=user,
            fund=fund,
            donor_kind="company",
            donor="万源市某建材公司",
            amount=Decimal(amount),
            # 8 March of the resources tests' year, or today when a caller's clock is earlier (the API
            # examples run on any day): never a date the service refuses as future.
            received_on=min(D(2027, 3, 8), timezone.localdate()),
        )
    return fund


def disbursement(cast, person, amount="500"):
    """An aid disbursement paid to `person` (approved, noticed, handed over)."""
    programme = make_programme(cast.chair_a, cast.town_a)
    app = aid_services.application_submit(
        user=cast.vchair_a1, programme=programme, person=person, amount=Decimal(amount)
    )
    noticed(cast, app)
    return aid_services.disbursement_create(user=cast.vchair_a1, application=app, amount=Decimal(amount))


def kind(code="reemployment_cert") -> ServiceKind:
    return ServiceKind.objects.get(code=code)


def dv_party(village, name="林小红"):
    """A person who is the party of a 家庭暴力 rights case: a protected party."""
    return make_person(village, name, categories=["dv_victim"])


__all__ = ["D", "disbursement", "dv_party", "fund_with", "kind", "make_person"]
