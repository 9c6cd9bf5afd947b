"""Records behind the reports API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.core.periods import Period
from fulian.core.tests.api_examples import Call
from fulian.reports.services import summary_create

API = "/api/v1/reports/summaries"


def create(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def draft(cast):
    made = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    return Call(cast.chair_a, path={"id": made.pk})


SETUPS = {
    ("post", f"{API}/"): create,
    ("post", f"{API}/{{id}}/regenerate/"): draft,
    ("post", f"{API}/{{id}}/header/"): draft,
}
