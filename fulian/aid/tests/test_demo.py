"""The demo year of activities and aid loads through the services and leaves every page something."""

import datetime
import random

from fulian.activities import demo as activities_demo
from fulian.activities import selectors as activity_selectors
from fulian.aid import demo as aid_demo
from fulian.aid import selectors
from fulian.aid.models import Application, Disbursement, Notice, Objection
from fulian.orgs.services.demo import DemoContext


def test_demo_year_loads_with_records_at_every_stage(cast):
    ctx = DemoContext(
        county=cast.county,
        towns=[cast.town_a, cast.town_b],
        villages=[cast.village_a1, cast.village_a2, cast.village_b1],
        users={"admin": cast.admin, "town_chair": cast.chair_a},
        rng=random.Random(1),
        today=datetime.date.today(),
        log=lambda _msg: None,
    )
    activities_demo.load(ctx)
    aid_demo.load(ctx)
    f = activity_selectors.figures(user=cast.county_user, unit=cast.county)
    assert f["activities.count"] > 20
    assert f["activities.quantity.proposal"] > 0
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"disbursed", "submitted", "noticed"} <= statuses
    assert Disbursement.objects.filter(kind="in_kind").exists()
    assert Notice.objects.filter(status="published").exists()
    assert Objection.objects.filter(status="open").exists()
    totals = selectors.figures(user=cast.county_user, unit=cast.county)
    assert totals["aid.amount"] == sum(Disbursement.objects.values_list("amount", flat=True))
