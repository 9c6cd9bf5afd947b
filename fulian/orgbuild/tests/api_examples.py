"""Records behind the organisation-building API's documented examples (core/tests/test_api_examples.py)."""

from fulian.core.tests.api_examples import Call

API = "/api/v1/orgbuild"


def village_chair(cast):
    """The village chair starts her own federation's election, trainings and places."""
    return Call(cast.vchair_a1, body={"unit": cast.village_a1.pk})


SETUPS = {
    ("post", f"{API}/elections/"): village_chair,
    ("post", f"{API}/trainings/"): village_chair,
    ("post", f"{API}/places/"): village_chair,
}
