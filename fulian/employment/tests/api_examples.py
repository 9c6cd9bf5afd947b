"""Records behind the employment API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from fulian.care.tests.factories import make_person, years_ago
from fulian.core.tests.api_examples import Call
from fulian.employment.models import Entrepreneur, JobFair, Loan, Training

API = "/api/v1/employment"
DAY = datetime.date(2027, 5, 10)


def training(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def trainee(cast):
    course = Training.objects.create(title="家政服务技能培训", unit=cast.town_a, started_on=DAY, ended_on=DAY)
    woman = make_person(cast.village_a1, "刘翠华", years_ago(38))
    return Call(cast.chair_a, body={"training": course.pk, "person": woman.pk})


def fair(cast):
    return Call(cast.chair_a, body={"unit": cast.town_a.pk})


def employer(cast):
    held = JobFair.objects.create(title="春风行动招聘会", unit=cast.town_a, held_on=DAY, attendees=120)
    return Call(cast.chair_a, body={"fair": held.pk})


def entrepreneur(cast):
    return Call(cast.chair_a, body={"person": make_person(cast.village_a1, "蒋丽娟", years_ago(26)).pk})


def _entrepreneur(cast):
    return Entrepreneur.objects.create(
        person=make_person(cast.village_a1, "蒋丽娟", years_ago(26)),
        village=cast.village_a1,
        kind="graduate",
        business_name="青龙电商服务部",
        started_on=DAY,
    )


def loan(cast):
    return Call(cast.chair_a, body={"entrepreneur": _entrepreneur(cast).pk})


def repaid(cast):
    made = Loan.objects.create(
        entrepreneur=_entrepreneur(cast),
        village=cast.village_a1,
        amount=50000,
        bank="万源农商银行",
        granted_on=DAY,
    )
    return Call(cast.chair_a, path={"id": made.pk})


SETUPS = {
    ("post", f"{API}/trainings/"): training,
    ("post", f"{API}/trainees/"): trainee,
    ("post", f"{API}/fairs/"): fair,
    ("post", f"{API}/employers/"): employer,
    ("post", f"{API}/entrepreneurs/"): entrepreneur,
    ("post", f"{API}/loans/"): loan,
    ("post", f"{API}/loans/{{id}}/repaid/"): repaid,
}
