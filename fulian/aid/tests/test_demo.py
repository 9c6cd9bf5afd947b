"""The demo year of activities and aid loads through the services and leaves every page something."""

import datetime
import random

from fulian.activities import demo as activities_demo
from fulian.activities import selectors as activity_selectors
from fulian.aid import demo as aid_demo
from fulian.aid import selectors
from fulian.aid.models import Application, Disbursement, Notice, Objection
from fulian.aid.rules import approval_conflict
from fulian.core.scoping import can
from fulian.orgs.services.demo import DemoContext


def test_demo_year_loads_with_records_at_every_stage(cast):
    ctx = DemoContext(
        county=cast.county,
        towns=[cast.town_a, cast.town_b],
        villages=[cast.village_a1, cast.village_a2, cast.village_b1],
        users={"admin": cast.admin, "county": cast.county_user, "town_chair": cast.chair_a},
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
    # separation of duties: no application was approved by whoever submitted or reviewed it, and the town
    # chair finds applications of her town waiting for her approval that she did not submit or review
    for app in Application.objects.exclude(town_approved_by=None):
        assert app.town_approved_by_id not in {app.submitted_by_id, app.reviewed_by_id}
    waiting = Application.objects.filter(status="reviewed", village_path__startswith=cast.town_a.path)
    assert any(
        can(cast.chair_a, "aid.approve", a) and not approval_conflict(cast.chair_a, a) for a in waiting
    )
    totals = selectors.figures(user=cast.county_user, unit=cast.county)
    assert totals["aid.amount"] == sum(Disbursement.objects.values_list("amount", flat=True))
