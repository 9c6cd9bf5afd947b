"""Records behind the surveys API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.core.tests.api_examples import Call

from .factories import make_questionnaire

API = "/api/v1/surveys/questionnaires"


def create(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def questionnaire(cast):
    return Call(cast.chair_a, path={"id": make_questionnaire(cast).pk})


def links(cast):
    return Call(cast.chair_a, path={"id": make_questionnaire(cast).pk}, body={"village": cast.village_a1.pk})


SETUPS = {
    ("post", f"{API}/"): create,
    ("post", f"{API}/{{id}}/questions/"): questionnaire,
    ("post", f"{API}/{{id}}/links/"): links,
}
