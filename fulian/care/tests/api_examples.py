"""Records behind the care API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.core.tests.api_examples import Call

from .factories import make_pairing, make_person, make_volunteer, years_ago

API = "/api/v1/care"


def volunteer(cast):
    return Call(cast.chair_a, body={"person": make_person(cast.village_a1, "周芳", years_ago(40)).pk})


def pairing(cast):
    child = make_person(cast.village_a1, "王小明", years_ago(9), gender="M")
    return Call(cast.chair_a, body={"volunteer": make_volunteer(cast.village_a1).pk, "child": child.pk})


def _pairing(cast):
    child = make_person(cast.village_a1, "陈小花", years_ago(11))
    return make_pairing(make_volunteer(cast.village_a1), child, started_on=years_ago(0, days=100))


def end(cast):
    return Call(cast.chair_a, path={"id": _pairing(cast).pk})


def repair(cast):
    other = make_volunteer(cast.village_a1, "李红")
    return Call(cast.chair_a, path={"id": _pairing(cast).pk}, body={"volunteer": other.pk})


def visit(cast):
    return Call(cast.chair_a, body={"pairing": _pairing(cast).pk})


SETUPS = {
    ("post", f"{API}/volunteers/"): volunteer,
    ("post", f"{API}/pairings/"): pairing,
    ("post", f"{API}/pairings/{{id}}/end/"): end,
    ("post", f"{API}/pairings/{{id}}/repair/"): repair,
    ("post", f"{API}/visits/"): visit,
}
