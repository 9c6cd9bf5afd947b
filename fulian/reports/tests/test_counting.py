"""The counting rules, everywhere a figure is shown: a woman aided twice counts once in 人 (aid.persons) and
twice in 人次 (aid.count); a cancelled payment counts nowhere; an edited one counts at its new amount — in
the ledger's figures, the collected figures, the sub-unit breakdown, the statistics page and its API, and
the figures the annual summary is written from (asserted on the figures, not on the summary's sentences).
Activities likewise: an edited activity counts with its new participants, a deleted one not at all."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from fulian.aid import selectors as aid_selectors
from fulian.aid import services as aid
from fulian.aid.tests.factories import make_person, make_programme, noticed
from fulian.core.figures import collect
from fulian.core.periods import Period

YEAR = 2027
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)


@pytest.fixture
def period():
    return Period(START, END)


@pytest.fixture
def ledger(cast, clock):
    """张 is aided twice (two programmes), 李 once (600, corrected to 500), 王's payment is cancelled."""
    clock.set(datetime.date(YEAR, 6, 1))
    poor = make_programme(cast.county_user, cast.county, code="poor", name="贫困母亲救助")
    festival = make_programme(cast.county_user, cast.county, code="festival", name="节日慰问")
    zhang = make_person(cast.village_a1, "张晓丽")
    li = make_person(cast.village_a1, "李秀英")
    wang = make_person(cast.village_a2, "王芳")

    def paid(programme, person, amount):
        app = aid.application_submit(user=cast.vchair_a1 if person is not wang else cast.vchair_a2,
                                     programme=programme, person=person, amount=amount)  # fmt: skip
        app = noticed(cast, app)
        return aid.disbursement_create(user=cast.chair_a, application=app, amount=amount)

    paid(poor, zhang, "800")
    paid(festival, zhang, "300")
    corrected = paid(poor, li, "600")
    aid.disbursement_update(user=cast.chair_a, disbursement=corrected, amount="500")
    cancelled = paid(poor, wang, "1000")
    aid.disbursement_cancel(user=cast.chair_a, disbursement=cancelled, reason="重复登记")
    return {"persons": 2, "count": 3, "amount": Decimal("1600")}


def check(values, expected):
    assert values["aid.persons"] == expected["persons"], "人: distinct women"
    assert values["aid.count"] == expected["count"], "人次: payments"
    assert Decimal(values["aid.amount"]) == expected["amount"], "元: active payments at their current amount"


def test_the_ledgers_figures(cast, ledger):
    values = aid_selectors.figures(user=cast.county_user, unit=cast.county, start=START, end=END)
    check(values, ledger)
    assert values["aid.persons.poor"] == 2  # 张 and 李 (王 cancelled)
    assert values["aid.persons.festival"] == 1
    assert Decimal(values["aid.amount.poor"]) == Decimal("1300")


def test_by_sub_unit(cast, ledger):
    rows = aid_selectors.figures(
        user=cast.county_user, unit=cast.town_a, start=START, end=END, group_by_child=True
    )
    check(rows[cast.village_a1.pk], ledger)
    assert rows[cast.village_a2.pk]["aid.persons"] == 0  # 王's only payment was cancelled
    assert rows[cast.village_a2.pk]["aid.count"] == 0


def test_the_collected_figures_and_other_periods(cast, ledger, period):
    check(collect(user=cast.county_user, unit=cast.county, period=period), ledger)
    check(collect(user=cast.chair_a, unit=cast.town_a, period=period), ledger)
    empty = collect(user=cast.county_user, unit=cast.county, period=period.previous_year())
    assert (empty["aid.persons"], empty["aid.count"]) == (0, 0)


def test_the_statistics_page_and_api(cast, ledger, login, api_client):
    page = login(cast.county_user).get(
        "/reports/stats/", {"unit": cast.county.pk, "kind": "year", "year": YEAR}
    )
    rows = {r["key"]: r for r in page.context["table"]["rows"]}
    assert rows["aid.persons"]["value"] == 2
    assert rows["aid.count"]["value"] == 3
    api_client.force_authenticate(cast.county_user)
    data = api_client.get(
        "/api/v1/reports/stats/", {"unit": cast.county.pk, "kind": "year", "year": YEAR}
    ).json()
    check(data["figures"], ledger)


def test_the_figures_the_summary_is_written_from(cast, ledger, period, monkeypatch):
    from fulian.reports.summary import generator

    seen = []
    real = generator.SummaryContext

    def capture(**kwargs):
        ctx = real(**kwargs)
        seen.append(ctx)
        return ctx

    monkeypatch.setattr(generator, "SummaryContext", capture)
    generator.generate(user=cast.county_user, unit=cast.county, period=period)
    (ctx,) = seen
    check(ctx.figures, ledger)
    # The summary reads sub-units' figures only of the apps its closing compares (closing.CHILDREN_APPS);
    # aid's by sub-unit are checked where they are shown, on the statistics page (above).
    from fulian.reports.summary import closing

    children = ctx.loaders["children"]()
    if "aid" in closing.CHILDREN_APPS:
        check(children[cast.town_a.pk], ledger)
    else:
        assert not any(k.startswith("aid.") for k in children[cast.town_a.pk])


def test_activities_count_edits_and_deletions(cast, clock, period):
    from fulian.activities import services as activities
    from fulian.activities.models import ActivityType

    clock.set(datetime.date(YEAR, 6, 1))
    kind = ActivityType.objects.first()
    common = {
        "user": cast.chair_a,
        "unit": cast.town_a,
        "type": kind,
        "start_date": datetime.date(YEAR, 5, 1),
    }
    kept = activities.activity_create(title="三八节座谈", participant_count=40, **common)
    activities.activity_create(title="家庭教育讲座", participant_count=25, **common)
    gone = activities.activity_create(title="重复登记的活动", participant_count=99, **common)
    activities.activity_update(user=cast.chair_a, activity=kept, participant_count=45)
    activities.activity_delete(user=cast.chair_a, activity=gone)
    values = collect(user=cast.county_user, unit=cast.county, period=period)
    assert values["activities.count"] == 2
    assert values["activities.participants"] == 70


def test_collect_with_keys_skips_breakdowns_but_never_drops_a_key_asked_for(cast, ledger, period):
    """collect(keys=…) (the summary reads last year's figures this way): the headline figures equal the
    full computation, the breakdowns nobody asked for are not computed, and a breakdown asked for is."""
    full = collect(user=cast.county_user, unit=cast.county, period=period, apps=("aid",))
    assert full["aid.count.poor"] == 2
    assert "aid.applications" in full
    headline = collect(
        user=cast.county_user, unit=cast.county, period=period, apps=("aid",), keys={"aid.persons"}
    )
    check(headline, ledger)
    assert not any(k.startswith(("aid.count.", "aid.persons.", "aid.amount.")) for k in headline)
    assert "aid.applications" not in headline
    asked = collect(
        user=cast.county_user,
        unit=cast.county,
        period=period,
        apps=("aid",),
        keys={"aid.count.poor", "aid.applications"},
    )
    assert asked["aid.count.poor"] == full["aid.count.poor"]
    assert asked["aid.applications"] == full["aid.applications"]
