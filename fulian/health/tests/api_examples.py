"""Records behind the health API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.tests.api_examples import Call
from fulian.health.models import Campaign, Screening

API = "/api/v1/health"


def _campaign(cast):
    return Campaign.objects.create(
        name="2027年两癌筛查",
        unit=cast.county,
        started_on=datetime.date(2027, 4, 1),
        ended_on=datetime.date(2027, 10, 31),
        target_count=3200,
    )


def campaign(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def screening(cast):
    woman = make_person(cast.village_a1, "李秀英", years_ago(45))
    return Call(cast.chair_a, body={"campaign": _campaign(cast).pk, "person": woman.pk})


def result(cast):
    done = Screening.objects.create(
        campaign=_campaign(cast),
        person=make_person(cast.village_a1, "罗桂兰", years_ago(40)),
        village=cast.village_a1,
        screened_on=datetime.date(2027, 6, 1),
        age=40,
    )
    return Call(cast.chair_a, path={"id": done.pk})


def count(cast):
    return Call(cast.chair_a, body={"campaign": _campaign(cast).pk, "village": cast.village_a1.pk})


SETUPS = {
    ("post", f"{API}/campaigns/"): campaign,
    ("post", f"{API}/screenings/"): screening,
    ("post", f"{API}/screenings/{{id}}/result/"): result,
    ("post", f"{API}/counts/"): count,
}
