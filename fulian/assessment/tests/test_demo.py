"""The demo loads through the services: a published assessment for one town, an open one for another."""

import datetime
import random

from fulian.assessment import demo, selectors
from fulian.assessment.models import Assessment, Sheet
from fulian.orgs.services.demo import DemoContext
from fulian.people.tests.factories import PersonFactory


def test_demo_has_a_finished_and_an_open_assessment(cast):
    for v in (cast.village_a1, cast.village_a2, cast.village_b1):
        for _ in range(5):
            PersonFactory(village=v)
    ctx = DemoContext(
        county=cast.county,
        towns=[cast.town_a, cast.town_b],
        villages=[cast.village_a1, cast.village_a2, cast.village_b1],
        users={"admin": cast.admin, "town_chair": cast.chair_a, "town_staff": cast.staff_a, "assessor": None},
        rng=random.Random(1),
        today=datetime.date.today(),
        log=lambda _msg: None,
    )
    demo.load(ctx)
    done = Assessment.objects.get(unit=cast.town_a)
    assert done.status == Assessment.Status.PUBLISHED
    assert all(s.status == Sheet.Status.LOCKED for s in done.sheets.all())
    assert done.draws.exists()
    assert done.questionnaires.get().responses.exists()
    assert next(r.rank for r in selectors.results(assessment=done)) == 1
    open_one = Assessment.objects.get(unit=cast.town_b)
    assert open_one.status == Assessment.Status.OPEN
