"""Records behind the resources API's documented examples (core/tests/api_examples.py)."""

from decimal import Decimal

from fulian.core.tests.api_examples import Call

API = "/api/v1/resources"


def _fund(cast, amount="2000"):
    from .factories import fund_with

    return fund_with(cast, amount)


def town_fund(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def donation(cast):
    return Call(cast.chair_a, body={"fund": _fund(cast, None).pk})


def cancel_donation(cast):
    from fulian.resources.models import Donation

    return Call(cast.chair_a, path={"id": Donation.objects.get(fund=_fund(cast)).pk})


def aid_use(cast):
    from .factories import disbursement, make_person

    paid = disbursement(cast, make_person(cast.village_a1, "王秀英"), "500")
    return Call(cast.chair_a, body={"fund": _fund(cast).pk, "disbursements": [paid.pk]})


def cancel_use(cast):
    from fulian.resources import services

    fund = _fund(cast)
    use = services.use_record(
        user=cast.chair_a,
        fund=fund,
        target="unit",
        recipient="红旗村",
        amount=Decimal("100"),
        used_on=fund.donations.first().received_on,
    )
    return Call(cast.chair_a, path={"id": use.pk})


def service(cast):
    from .factories import kind, make_person

    return Call(cast.vchair_a1, body={"person": make_person(cast.village_a1, "王秀英").pk, "kind": kind().pk})


def village_unit(cast):
    return Call(cast.vchair_a1, body={"unit": cast.village_a1.pk})


def advance(cast):
    import datetime

    from fulian.resources import services

    p = services.project_create(
        user=cast.vchair_a1,
        unit=cast.village_a1,
        name="儿童之家",
        type="children_home",
        proposed_on=datetime.date(2027, 3, 1),
    )
    return Call(cast.vchair_a1, path={"id": p.pk})


SETUPS = {
    ("post", f"{API}/funds/"): town_fund,
    ("post", f"{API}/donations/"): donation,
    ("post", f"{API}/donations/{{id}}/cancel/"): cancel_donation,
    ("post", f"{API}/uses/"): aid_use,
    ("post", f"{API}/uses/{{id}}/cancel/"): cancel_use,
    ("post", f"{API}/services/"): service,
    ("post", f"{API}/projects/"): village_unit,
    ("post", f"{API}/projects/{{id}}/advance/"): advance,
    ("post", f"{API}/pairings/"): village_unit,
}
