"""Records behind the publicity API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from fulian.core.tests.api_examples import Call
from fulian.publicity.models import Piece

API = "/api/v1/publicity"


def piece(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def adoption(cast):
    made = Piece.objects.create(
        title="竹峪镇妇联开展维权宣传",
        unit=cast.town_a,
        authors="王丽",
        written_on=datetime.date(2027, 3, 9),
        text="……",
    )
    return Call(cast.chair_a, body={"piece": made.pk})


SETUPS = {
    ("post", f"{API}/pieces/"): piece,
    ("post", f"{API}/adoptions/"): adoption,
}
