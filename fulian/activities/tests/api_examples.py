"""Records behind the activities API's documented examples (fulian/core/tests/test_api_examples.py)."""

from fulian.activities.models import ActivityType
from fulian.core.tests.api_examples import Call
from fulian.people.tests.factories import PersonFactory

from .factories import make_activity

API = "/api/v1/activities"


def create(cast):
    return Call(
        cast.chair_a, body={"type": ActivityType.objects.get(code="sanba").pk, "unit": cast.town_a.pk}
    )


def activity(cast):
    call = create(cast)
    call.path = {"id": make_activity(cast.chair_a, cast.town_a).pk}
    return call


def one_activity(cast):
    return Call(cast.chair_a, path={"id": make_activity(cast.chair_a, cast.town_a).pk})


def participant(cast):
    call = one_activity(cast)
    call.body = {"person": PersonFactory(village=cast.village_a1).pk}
    return call


SETUPS = {
    ("post", f"{API}/"): create,
    ("put", f"{API}/{{id}}/"): activity,
    ("patch", f"{API}/{{id}}/"): one_activity,
    ("post", f"{API}/{{id}}/teams/"): one_activity,
    ("post", f"{API}/{{id}}/participants/"): participant,
}
