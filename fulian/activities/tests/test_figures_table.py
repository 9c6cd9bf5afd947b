"""The activity ledger's figures (selectors.figures) against a table worked out by hand: every metric, by
type, with teams, by quantity, on both sides of the period's edges, for several units, grouped by child and
not, with `keys` asking for some of the breakdowns only, and after edits that move a record.

The table (D = the suite's day; the period is D−10 … D+10, both ends inside):

    #   unit        type             start   people  money    teams (members)  quantities
    A1  village_a1  sanba            D−10    40      100.50   —                倡议书 4000, 环保袋 500
    A2  group_a1    sports           D+10    60      0        8, 7             倡议书 100
    A3  village_a2  sanba            D−11    30      20.00    —                环保袋 170   (the day before)
    A4  village_a2  lecture          D+11    11      0        —                —            (the day after)
    A5  town_a      sports           D       200     5.25     0                —            (the town's own)
    A6  village_a2  training         D       500     999      —                倡议书 9     (employment's)
    A7  town_b      sanba            D       99      1000     —                倡议书 60
    A8  village_a2→village_a1 (edited) lecture D   5→25    0  —                —
    A9  village_a1  sanba  D → D+11 (edited: out of the period)  3   0       —                —

Town A over the period: A1, A2, A5, A8 — 4 activities, 40+60+200+25 = 325 people, 100.50+5.25 = 105.75 元;
by type sanba 1, sports 2, lecture 1; sports' teams 2+1 = 3 with 8+7+0 = 15 members; 倡议书 4000+100 =
4100, 环保袋 500 (A3's 170 lies outside the period, A6's 9 is another ledger's).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fulian.activities import selectors, services
from fulian.activities.models import Activity, ActivityQuantity, ActivityTeam, ActivityType, QuantityKind

pytestmark = pytest.mark.django_db

BASE = ("activities.count", "activities.participants", "activities.money")
ZERO = dict.fromkeys(BASE, 0)
TOWN_A = {
    "activities.count": 4,
    "activities.participants": 325,
    "activities.money": Decimal("105.75"),
    "activities.count.sanba": 1,
    "activities.count.sports": 2,
    "activities.count.lecture": 1,
    "activities.teams.sports": 3,
    "activities.team_members.sports": 15,
    "activities.quantity.proposal": 4100,
    "activities.quantity.eco_bag": 500,
}
TOWN_B = {
    "activities.count": 1,
    "activities.participants": 99,
    "activities.money": Decimal("1000"),
    "activities.count.sanba": 1,
    "activities.quantity.proposal": 60,
}


@pytest.fixture
def table(cast, clock):
    """The table above; returns (cast, start, end) of the period."""
    day = clock.set(timezone.localdate(), tick=False).date()
    kinds = {k.code: k for k in QuantityKind.objects.filter(code__in=["proposal", "eco_bag"])}

    def add(unit, code, offset, people, money="0", teams=(), quantities=None):
        start = day + datetime.timedelta(days=offset)
        a = Activity.objects.create(
            type=ActivityType.objects.get(code=code),
            title=f"{code}{offset}",
            start_date=start,
            end_date=start,
            unit=unit,
            unit_path=unit.path,
            participant_count=people,
            money_spent=Decimal(money),
        )
        for i, members in enumerate(teams):
            ActivityTeam.objects.create(activity=a, name=f"队{i}", members=members)
        for code_, amount in (quantities or {}).items():
            ActivityQuantity.objects.create(activity=a, kind=kinds[code_], amount=amount)
        return a

    add(cast.village_a1, "sanba", -10, 40, "100.50", quantities={"proposal": 4000, "eco_bag": 500})
    add(cast.group_a1, "sports", 10, 60, teams=(8, 7), quantities={"proposal": 100})
    add(cast.village_a2, "sanba", -11, 30, "20.00", quantities={"eco_bag": 170})
    add(cast.village_a2, "lecture", 11, 11)
    add(cast.town_a, "sports", 0, 200, "5.25", teams=(0,))
    add(cast.village_a2, "training", 0, 500, "999", quantities={"proposal": 9})
    add(cast.town_b, "sanba", 0, 99, "1000", quantities={"proposal": 60})
    moved = add(cast.village_a2, "lecture", 0, 5)
    services.activity_update(user=cast.chair_a, activity=moved, unit=cast.village_a1, participant_count=25)
    later = add(cast.village_a1, "sanba", 0, 3)
    after = day + datetime.timedelta(days=11)
    services.activity_update(user=cast.chair_a, activity=later, start_date=after, end_date=after)
    return cast, day - datetime.timedelta(days=10), day + datetime.timedelta(days=10)


def test_figures_of_a_town_over_the_period(table):
    cast, start, end = table
    assert selectors.figures(user=cast.county_user, unit=cast.town_a, start=start, end=end) == TOWN_A


def test_figures_with_nothing_counted_are_zeros(table):
    cast, start, end = table
    assert selectors.figures(user=cast.county_user, unit=cast.village_a2, start=start, end=end) == ZERO
    # town B's chair sees nothing of town A
    assert selectors.figures(user=cast.chair_b, unit=cast.town_a, start=start, end=end) == ZERO


def test_figures_with_one_edge_of_the_period_only(table):
    cast, start, end = table
    from_start = selectors.figures(user=cast.county_user, unit=cast.village_a2, start=start)
    assert from_start == {
        **ZERO,
        "activities.count": 1,
        "activities.participants": 11,
        "activities.count.lecture": 1,
    }
    until_end = selectors.figures(user=cast.county_user, unit=cast.village_a2, end=end)
    assert until_end == {
        "activities.count": 1,
        "activities.participants": 30,
        "activities.money": Decimal("20.00"),
        "activities.count.sanba": 1,
        "activities.quantity.eco_bag": 170,
    }


def test_figures_by_child_with_the_towns_own_activities_and_a_grandchilds(table):
    cast, start, end = table
    got = selectors.figures(
        user=cast.county_user, unit=cast.town_a, start=start, end=end, group_by_child=True
    )
    assert got == {
        cast.village_a1.id: {  # A1, A2 (its group) and the edited A8
            "activities.count": 3,
            "activities.participants": 125,
            "activities.money": Decimal("100.50"),
            "activities.count.sanba": 1,
            "activities.count.sports": 1,
            "activities.count.lecture": 1,
            "activities.teams.sports": 2,
            "activities.team_members.sports": 15,
            "activities.quantity.proposal": 4100,
            "activities.quantity.eco_bag": 500,
        },
        cast.village_a2.id: ZERO,  # nothing in the period but another ledger's training
        cast.town_a.id: {  # A5, organised by the town itself; its one team has no members entered
            "activities.count": 1,
            "activities.participants": 200,
            "activities.money": Decimal("5.25"),
            "activities.count.sports": 1,
            "activities.teams.sports": 1,
            "activities.team_members.sports": 0,
        },
    }


def test_figures_of_the_county_by_town_and_as_seen_by_one_towns_chair(table):
    cast, start, end = table
    county = selectors.figures(
        user=cast.county_user, unit=cast.county, start=start, end=end, group_by_child=True
    )
    assert county == {cast.town_a.id: TOWN_A, cast.town_b.id: TOWN_B, cast.county.id: ZERO}
    assert selectors.figures(user=cast.county_user, unit=cast.county, start=start, end=end) == {
        **TOWN_A,
        "activities.count": 5,
        "activities.participants": 424,
        "activities.money": Decimal("1105.75"),
        "activities.count.sanba": 2,
        "activities.quantity.proposal": 4160,
    }
    hers = selectors.figures(user=cast.chair_a, unit=cast.county, start=start, end=end, group_by_child=True)
    assert hers == {cast.town_a.id: TOWN_A, cast.town_b.id: ZERO, cast.county.id: ZERO}


def only(values: dict, *prefixes: str) -> dict:
    return {k: v for k, v in values.items() if k in BASE or k.startswith(prefixes)}


@pytest.mark.parametrize(
    ("keys", "prefixes"),
    [
        (["activities.count"], ()),
        (["activities.count.sanba"], ("activities.count.", "activities.teams.", "activities.team_members.")),
        (["activities.teams.sports"], ("activities.count.", "activities.teams.", "activities.team_members.")),
        (
            ["activities.team_members.x"],
            ("activities.count.", "activities.teams.", "activities.team_members."),
        ),
        (["activities.quantity.eco_bag"], ("activities.quantity.",)),
    ],
)
def test_figures_for_some_keys_leave_out_the_breakdowns_not_asked_for(table, keys, prefixes):
    cast, start, end = table
    got = selectors.figures(user=cast.county_user, unit=cast.town_a, start=start, end=end, keys=keys)
    assert got == only(TOWN_A, *prefixes)
    grouped = selectors.figures(
        user=cast.county_user, unit=cast.county, start=start, end=end, keys=keys, group_by_child=True
    )
    assert grouped == {
        cast.town_a.id: only(TOWN_A, *prefixes),
        cast.town_b.id: only(TOWN_B, *prefixes),
        cast.county.id: ZERO,
    }
