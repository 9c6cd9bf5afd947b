"""The demo adds a handful of cases to one town, one of them red, all through the services."""

import random

from fulian.cases import demo
from fulian.cases.models import Case
from fulian.cases.selectors import red_cases_for, reminders_for
from fulian.orgs.services.demo import DemoContext


def test_demo_loads_cases_for_one_town_with_a_red_one(cast):
    import datetime

    ctx = DemoContext(
        county=cast.county,
        towns=[cast.town_a, cast.town_b],
        villages=[cast.village_a1, cast.village_a2, cast.village_b1],
        users={"town_caseworker": cast.caseworker_a, "town_chair": cast.chair_a},
        rng=random.Random(1),
        today=datetime.date.today(),
        log=lambda _msg: None,
    )
    demo.load(ctx)
    assert Case.objects.count() == 7  # six this year, one closed last year
    assert set(Case.objects.values_list("handling_unit", flat=True)) == {cast.town_a.pk}
    assert red_cases_for(user=cast.chair_a).count() == 1
    kinds = {i.kind for i in reminders_for(user=cast.caseworker_a)}
    assert {"order_decision_due", "order_expiring", "followup_due"} <= kinds
    assert not Case.objects.filter(narrative__contains="菜刀").exists()  # encrypted: no plaintext match
