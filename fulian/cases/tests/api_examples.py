"""Records behind the case API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from django.utils import timezone

from fulian.cases import services
from fulian.core.roles import Role
from fulian.core.tests.api_examples import Call
from fulian.orgs.models import Membership

from .factories import make_bodies, make_case, make_person

API = "/api/v1/cases"


def intake(cast):
    person = make_person(cast.village_a1)
    return Call(cast.caseworker_a, body={"handling_unit": cast.town_a.pk, "person": person.pk})


def case(cast):
    return Call(cast.caseworker_a, path={"id": make_case(cast).pk})


def assign(cast):
    from conftest import make_user

    other = make_user("caseworker_a2", (cast.town_a, Role.CASE_WORKER))
    assert Membership.objects.filter(user=other).exists()
    return Call(cast.chair_a, path={"id": make_case(cast).pk}, body={"worker": other.pk})


def closed(cast):
    made = make_case(cast)
    services.case_close(user=cast.caseworker_a, case=made, outcome="mediated", satisfaction="satisfied")
    return Call(cast.caseworker_a, path={"id": made.pk})


def referral(cast):
    bodies = make_bodies(cast)
    return Call(cast.caseworker_a, path={"id": make_case(cast).pk}, body={"body": bodies["police"].pk})


def referral_update(cast):
    made = make_case(cast)
    sent = services.referral_create(
        user=cast.caseworker_a, case=made, body=make_bodies(cast)["police"], asked="协助制止家庭暴力"
    )
    return Call(cast.caseworker_a, path={"id": made.pk, "rid": sent.pk})


def warning(cast):
    return referral(cast)


def order(cast):
    bodies = make_bodies(cast)
    return Call(cast.caseworker_a, path={"id": make_case(cast).pk}, body={"body": bodies["court"].pk})


def order_decide(cast):
    made = make_case(cast)
    applied = services.order_apply(
        user=cast.caseworker_a,
        case=made,
        body=make_bodies(cast)["court"],
        applicant="federation",
        applied_at=timezone.now() - datetime.timedelta(hours=2),
    )
    return Call(cast.caseworker_a, path={"id": made.pk, "mid": applied.pk})


SETUPS = {
    ("post", f"{API}/{{id}}/referrals/"): referral,
    ("post", f"{API}/{{id}}/referrals/{{rid}}/"): referral_update,
    ("post", f"{API}/{{id}}/warnings/"): warning,
    ("post", f"{API}/{{id}}/orders/"): order,
    ("post", f"{API}/{{id}}/orders/{{mid}}/decide/"): order_decide,
    ("post", f"{API}/"): intake,
    ("post", f"{API}/{{id}}/assign/"): assign,
    ("post", f"{API}/{{id}}/assess/"): case,
    ("post", f"{API}/{{id}}/handle/"): case,
    ("post", f"{API}/{{id}}/followups/"): case,
    ("post", f"{API}/{{id}}/close/"): case,
    ("post", f"{API}/{{id}}/reopen/"): closed,
}
