"""aid's figures, whole: every key of the answer written out by hand for one small ledger — 人 (distinct
women) and 人次 (payments), cash and in kind, each programme, applications — for the whole subtree, by
sub-unit (every child present, zeros included, the unit's own records under its own id), over a period
(each side of its first and last day) and with only some keys asked for."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fulian.aid import selectors, services
from fulian.aid.models import Application, Disbursement

from .factories import make_person, make_programme, noticed

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
KEYS = ["aid.applications"]
DAY = datetime.date(2027, 6, 1)  # every payment and application of the ledger is made on this day
RICE_AND_OIL = [
    {"name": "大米", "quantity": 2, "unit": "袋", "unit_value": "120"},
    {"name": "食用油", "quantity": 1, "unit": "桶", "unit_value": "80.50"},
]  # 2 × 120 + 80.50 = 320.50


@pytest.fixture
def ledger(cast, clock):
    """Village A1: 张 paid three times (贫困母亲 800 cash in two payments, 500 and 300; 节日慰问 320.50 in
    kind), 王's 1000 cancelled.
    Village A2: 李 paid 500; 赵 applied (400, not yet paid); 钱 refused; 孙 withdrawn."""
    clock.set(DAY)
    poor = make_programme(cast.county_user, cast.county, code="poor", name="贫困母亲救助")
    festival = make_programme(cast.county_user, cast.county, code="festival", name="节日慰问")
    zhang = make_person(cast.village_a1, "张晓丽")
    wang = make_person(cast.village_a1, "王芳")
    li = make_person(cast.village_a2, "李秀英")

    def apply(programme, person, amount):
        user = cast.vchair_a1 if person.village_id == cast.village_a1.id else cast.vchair_a2
        return services.application_submit(user=user, programme=programme, person=person, amount=amount)

    def pay(programme, person, asked, **kw):
        app = noticed(cast, apply(programme, person, asked))
        return services.disbursement_create(user=cast.chair_a, application=app, **kw)

    first = pay(poor, zhang, 800, amount=500)
    services.disbursement_create(user=cast.chair_a, application=first.application, amount=300)
    pay(festival, zhang, 400, kind="in_kind", items=RICE_AND_OIL)
    cancelled = pay(poor, wang, 1000, amount=1000)
    services.disbursement_cancel(user=cast.chair_a, disbursement=cancelled, reason="重复登记")
    li_paid = pay(poor, li, 500, amount=500)
    zhao = apply(poor, make_person(cast.village_a2, "赵丽"), 400)
    refused = apply(poor, make_person(cast.village_a2, "钱梅"), 400)
    services.application_reject(user=cast.staff_a, application=refused, note="不符合条件")
    gone = apply(poor, make_person(cast.village_a2, "孙兰"), 400)
    services.application_withdraw(user=cast.staff_a, application=gone, note="已迁出")
    return {"li": li_paid, "zhao": zhao}


A1 = {
    "aid.persons": 1,
    "aid.amount": Decimal("1120.50"),
    "aid.count": 3,
    "aid.amount.cash": Decimal("800"),
    "aid.amount.in_kind": Decimal("320.50"),
    "aid.amount.poor": Decimal("800"),
    "aid.persons.poor": 1,  # 张 paid twice under it: once in 人 …
    "aid.count.poor": 2,  # … twice in 人次
    "aid.amount.festival": Decimal("320.50"),
    "aid.persons.festival": 1,
    "aid.count.festival": 1,
    "aid.applications": 3,  # 张 twice, 王 (her payment cancelled, the application stands)
}
A2 = {
    "aid.persons": 1,
    "aid.amount": Decimal("500"),
    "aid.count": 1,
    "aid.amount.cash": Decimal("500"),
    "aid.amount.poor": Decimal("500"),
    "aid.persons.poor": 1,
    "aid.count.poor": 1,
    "aid.applications": 2,  # 李 and 赵 (钱 refused, 孙 withdrawn)
}
TOTAL = {
    "aid.persons": 2,  # 张 counts once in 人 …
    "aid.amount": Decimal("1620.50"),
    "aid.count": 4,  # … and three times in 人次
    "aid.amount.cash": Decimal("1300"),
    "aid.amount.in_kind": Decimal("320.50"),
    "aid.amount.poor": Decimal("1300"),
    "aid.persons.poor": 2,
    "aid.count.poor": 3,
    "aid.amount.festival": Decimal("320.50"),
    "aid.persons.festival": 1,
    "aid.count.festival": 1,
    "aid.applications": 5,
}
ZERO = {"aid.persons": 0, "aid.amount": 0, "aid.count": 0, "aid.applications": 0}


def test_the_whole_subtree(cast, ledger):
    assert selectors.figures(user=cast.county_user, unit=cast.county) == TOTAL
    assert selectors.figures(user=cast.chair_a, unit=cast.town_a) == TOTAL
    assert selectors.figures(user=cast.county_user, unit=cast.village_a2) == A2


def test_by_village_every_child_present_and_the_unit_itself(cast, ledger):
    rows = selectors.figures(user=cast.county_user, unit=cast.town_a, group_by_child=True)
    assert rows == {cast.village_a1.id: A1, cast.village_a2.id: A2, cast.town_a.id: ZERO}


def test_by_town_the_villages_add_up_and_an_empty_town_shows_zeros(cast, ledger):
    rows = selectors.figures(user=cast.county_user, unit=cast.county, group_by_child=True)
    assert rows == {cast.town_a.id: TOTAL, cast.town_b.id: ZERO, cast.county.id: ZERO}


def test_a_record_of_the_unit_itself_counts_under_its_own_id(cast, ledger):
    Disbursement.objects.filter(pk=ledger["li"].pk).update(village_path=cast.town_a.path)
    rows = selectors.figures(user=cast.county_user, unit=cast.town_a, group_by_child=True, keys=["aid.count"])
    own = {"aid.persons": 1, "aid.amount": Decimal("500"), "aid.count": 1}
    assert rows == {
        cast.village_a1.id: {"aid.persons": 1, "aid.amount": Decimal("1120.50"), "aid.count": 3},
        cast.village_a2.id: {"aid.persons": 0, "aid.amount": 0, "aid.count": 0},
        cast.town_a.id: own,
    }


def test_another_town_s_record_goes_to_that_town(cast, ledger):
    Disbursement.objects.filter(pk=ledger["li"].pk).update(village_path=cast.village_b1.path)
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, group_by_child=True, keys=["aid.amount"]
    )
    assert rows[cast.town_b.id] == {"aid.persons": 1, "aid.amount": Decimal("500"), "aid.count": 1}
    assert rows[cast.town_a.id] == {"aid.persons": 1, "aid.amount": Decimal("1120.50"), "aid.count": 3}
    assert rows[cast.county.id] == {"aid.persons": 0, "aid.amount": 0, "aid.count": 0}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["aid.persons"], {"aid.persons": 2, "aid.amount": Decimal("1620.50"), "aid.count": 4}),
        (
            ["aid.applications"],
            {"aid.persons": 2, "aid.amount": Decimal("1620.50"), "aid.count": 4, "aid.applications": 5},
        ),
        (["aid.count.poor"], {k: v for k, v in TOTAL.items() if k != "aid.applications"}),
        (["aid.amount.cash", "aid.applications"], TOTAL),
        (["aid.persons.festival"], {k: v for k, v in TOTAL.items() if k != "aid.applications"}),
    ],
)
def test_only_the_keys_asked_for_are_computed(cast, ledger, keys, expected):
    assert selectors.figures(user=cast.county_user, unit=cast.county, keys=keys) == expected


def test_nothing_in_the_period_is_zero_and_no_breakdown(cast, ledger):
    later = DAY + datetime.timedelta(days=1)
    assert selectors.figures(user=cast.county_user, unit=cast.county, start=later) == ZERO
    rows = selectors.figures(user=cast.county_user, unit=cast.town_a, start=later, group_by_child=True)
    assert rows == {cast.village_a1.id: ZERO, cast.village_a2.id: ZERO, cast.town_a.id: ZERO}


def test_the_period_includes_its_first_and_last_day(cast, ledger):
    before, after = DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=1)
    assert selectors.figures(user=cast.county_user, unit=cast.county, start=DAY, end=DAY) == TOTAL
    assert selectors.figures(user=cast.county_user, unit=cast.county, end=before) == ZERO
    assert selectors.figures(user=cast.county_user, unit=cast.county, start=after) == ZERO
    assert selectors.figures(user=cast.county_user, unit=cast.county, start=before, end=after) == TOTAL


def test_an_application_counts_on_its_day_in_china_time(cast, ledger):
    """A submission's day is its day in Beijing time: each side of midnight at both ends of the period."""

    def applications_on(day):
        values = selectors.figures(user=cast.county_user, unit=cast.county, start=day, end=day, keys=KEYS)
        return values["aid.applications"]

    def submitted(*moment):
        when = datetime.datetime(*moment, tzinfo=CHINA)
        Application.objects.filter(pk=ledger["zhao"].pk).update(submitted_at=when)

    may31, june2 = DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=1)
    submitted(2027, 5, 31, 23, 59, 59)  # 15:59:59 UTC on 31 May
    assert (applications_on(may31), applications_on(DAY)) == (1, 4)
    submitted(2027, 6, 1, 0, 0, 0)  # 16:00 UTC on 31 May, already 1 June in China
    assert (applications_on(may31), applications_on(DAY)) == (0, 5)
    submitted(2027, 6, 1, 23, 59, 59)
    assert (applications_on(DAY), applications_on(june2)) == (5, 0)
    submitted(2027, 6, 2, 0, 0, 0)
    assert (applications_on(DAY), applications_on(june2)) == (4, 1)


def test_the_children_are_looked_up_only_when_grouping(cast, ledger):
    """One query more by child than for the whole subtree: the list of children (docstring of figures)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**kw):
        with CaptureQueriesContext(connection) as seen:
            selectors.figures(user=cast.county_user, unit=cast.county, **kw)
        return len(seen)

    queries(group_by_child=True)  # the user's scope is looked up once and kept
    assert queries(group_by_child=True) == queries() + 1
