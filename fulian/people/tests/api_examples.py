"""Records behind the people API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from fulian.core.tests.api_examples import Call

from .factories import PersonFactory

API = "/api/v1/persons"


def create(cast):
    return Call(cast.vchair_a1, body={"village": cast.village_a1.pk})


def person(cast):
    call = create(cast)
    # the example's birthday, so that the identity number on record agrees with it
    call.path = {"id": PersonFactory(village=cast.village_a1, birth_date=datetime.date(1985, 3, 8)).pk}
    return call


SETUPS = {
    ("post", f"{API}/"): create,
    ("put", f"{API}/{{id}}/"): person,
    ("patch", f"{API}/{{id}}/"): person,
}
