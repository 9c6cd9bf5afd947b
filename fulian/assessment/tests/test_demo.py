"""The demo loads through the services: a published assessment for one town (its questionnaire answered by
the surveys demo between the assessment demo's load and finish), an open one for another."""

import datetime
import random

from fulian.assessment import demo, selectors
from fulian.assessment.models import Assessment, Sheet
from fulian.orgs.services.demo import DemoContext, run_demo_modules
from fulian.people.tests.factories import PersonFactory
from fulian.surveys import demo as surveys_demo


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
    run_demo_modules(ctx, [demo, surveys_demo], ctx.log)
    done = Assessment.objects.get(unit=cast.town_a)
    assert done.status == Assessment.Status.PUBLISHED
    assert all(s.status == Sheet.Status.LOCKED for s in done.sheets.all())
    assert done.draws.exists()
    assert done.questionnaires.get().responses.exists()
    assert next(r.rank for r in selectors.results(assessment=done)) == 1
    open_one = Assessment.objects.get(unit=cast.town_b)
    assert open_one.status == Assessment.Status.OPEN
