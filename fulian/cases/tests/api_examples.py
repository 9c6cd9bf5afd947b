"""Records behind the case API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.cases import services
from fulian.core.roles import Role
from fulian.core.tests.api_examples import Call
from fulian.orgs.models import Membership

from .factories import make_case, make_person

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


SETUPS = {
    ("post", f"{API}/"): intake,
    ("post", f"{API}/{{id}}/assign/"): assign,
    ("post", f"{API}/{{id}}/assess/"): case,
    ("post", f"{API}/{{id}}/handle/"): case,
    ("post", f"{API}/{{id}}/followups/"): case,
    ("post", f"{API}/{{id}}/close/"): case,
    ("post", f"{API}/{{id}}/reopen/"): closed,
}
