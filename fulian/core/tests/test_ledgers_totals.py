"""The ledgers' totals (fulian/core/ledgers.py `unit_totals` in the ORM, `family_totals` in SQL) against a
small table worked out by hand: every branch of the grouping (no grouping; by child, with rows booked on
the unit itself and on a grandchild), with and without the period, a metric that is NULL (no rows, or no
row matching its condition), money to the fen, a joined table's path, and the policy's filter when no
grant covers the unit.

The table (D = the suite's day; the period is D−10 … D+10, both ends inside):

    #  unit        start    participants  money    quantity (倡议书)
    1  village_a1  D−10     40            100.50   4000
    2  group_a1    D+10     7             0        500      (a grandchild of town_a, under village_a1)
    3  village_a2  D−11     30            20.00    170      (the day before the period)
    4  village_a2  D+11     11            0        —        (the day after)
    5  town_a      D        200           5.25     —        (booked on the town itself)
    6  town_b      D        99            1000     60
    7  village_b1  D        13            0        —

"big" is the participants of the activities with at least 100 of them (row 5 only: town B's 99 is one short;
NULL where there is none).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from fulian.activities.models import Activity, ActivityQuantity, ActivityType, QuantityKind
from fulian.core import ledgers

pytestmark = pytest.mark.django_db

CAP = "activities.view"
TABLE = [  # (unit, days from D, participants, money, quantity)
    ("village_a1", -10, 40, "100.50", 4000),
    ("group_a1", 10, 7, "0", 500),
    ("village_a2", -11, 30, "20.00", 170),
    ("village_a2", 11, 11, "0", None),
    ("town_a", 0, 200, "5.25", None),
    ("town_b", 0, 99, "1000", 60),
    ("village_b1", 0, 13, "0", None),
]
ORM_METRICS = {
    "n": Count("id"),
    "p": Sum("participant_count"),
    "m": Sum("money_spent"),
    "big": Sum("participant_count", filter=Q(participant_count__gte=100)),
}


def totals(n, p, m, big):
    return {"n": n, "p": p, "m": Decimal(m), "big": big}


@pytest.fixture
def table(cast, clock):
    """The table above; returns (cast, start, end) of the period."""
    day = clock.set(timezone.localdate(), tick=False).date()
    kind = ActivityType.objects.get(code="sanba")
    proposal = QuantityKind.objects.get(code="proposal")
    for unit_name, offset, people, money, amount in TABLE:
        unit = getattr(cast, unit_name)
        start = day + datetime.timedelta(days=offset)
        a = Activity.objects.create(
            type=kind,
            title=f"{unit.name}{offset}",
            start_date=start,
            end_date=start,
            unit=unit,
            unit_path=unit.path,
            participant_count=people,
            money_spent=Decimal(money),
        )
        if amount is not None:
            ActivityQuantity.objects.create(activity=a, kind=proposal, amount=amount)
    return cast, day - datetime.timedelta(days=10), day + datetime.timedelta(days=10)


def period(start, end) -> Q:
    return Q(start_date__gte=start, start_date__lte=end)


# --- unit_totals (ORM) ---------------------------------------------------------------------------------


def test_unit_totals_over_the_period_and_without_it(table):
    cast, start, end = table
    qs = Activity.objects.all()
    assert ledgers.unit_totals(
        qs, path_field="unit_path", unit=cast.town_a, metrics=ORM_METRICS, where=period(start, end)
    ) == totals(3, 247, "105.75", 200)  # rows 1, 2, 5
    assert ledgers.unit_totals(qs, path_field="unit_path", unit=cast.town_a, metrics=ORM_METRICS) == totals(
        5, 288, "125.75", 200
    )  # rows 1–5: the period's edges left out only by `where`
    assert ledgers.unit_totals(
        qs, path_field="unit_path", unit=cast.county, metrics=ORM_METRICS, where=period(start, end)
    ) == totals(5, 359, "1105.75", 200)  # rows 1, 2, 5, 6, 7


def test_unit_totals_with_no_row_are_zeros_not_none(table):
    cast, start, end = table
    got = ledgers.unit_totals(
        Activity.objects.all(),
        path_field="unit_path",
        unit=cast.village_a2,
        metrics=ORM_METRICS,
        where=period(start, end),
    )
    assert got == {"n": 0, "p": 0, "m": 0, "big": 0}  # rows 3 and 4 lie just outside the period


def test_unit_totals_by_child_with_the_units_own_rows_and_a_grandchilds(table):
    cast, start, end = table
    qs = Activity.objects.all()
    by_child = ledgers.unit_totals(
        qs,
        path_field="unit_path",
        unit=cast.town_a,
        metrics=ORM_METRICS,
        where=period(start, end),
        group_by_child=True,
    )
    assert by_child == {
        cast.village_a1.path: totals(2, 47, "100.50", 0),  # rows 1 and 2 (the group's under its village)
        cast.town_a.path: totals(1, 200, "5.25", 200),  # row 5, under the town's own path
    }
    everything = ledgers.unit_totals(
        qs, path_field="unit_path", unit=cast.town_a, metrics=ORM_METRICS, group_by_child=True
    )
    assert everything == {**by_child, cast.village_a2.path: totals(2, 41, "20.00", 0)}  # rows 3, 4
    county = ledgers.unit_totals(
        qs,
        path_field="unit_path",
        unit=cast.county,
        metrics=ORM_METRICS,
        where=period(start, end),
        group_by_child=True,
    )
    assert county == {
        cast.town_a.path: totals(3, 247, "105.75", 200),
        cast.town_b.path: totals(2, 112, "1000", 0),  # rows 6 and 7
    }


def test_unit_totals_keeps_the_callers_rows(table):
    """The queryset passed in (here: what town A's chair may see) is narrowed, never widened."""
    cast, start, end = table
    mine = Activity.objects.filter(unit_path__startswith=cast.town_a.path)
    got = ledgers.unit_totals(
        mine,
        path_field="unit_path",
        unit=cast.county,
        metrics={"n": Count("id")},
        where=period(start, end),
        group_by_child=True,
    )
    assert got == {cast.town_a.path: {"n": 3}}


# --- family_totals (SQL) -------------------------------------------------------------------------------

ACTIVITIES = ledgers.Family(
    Activity,
    path="unit_path",
    where="t.start_date BETWEEN %(start)s AND %(end)s",
    metrics={
        "n": "COUNT(*)",
        "p": "SUM(t.participant_count)",
        "m": "SUM(t.money_spent)",
        "big": "SUM(CASE WHEN t.participant_count >= %(big)s THEN t.participant_count END)",
    },
    params={"big": 100},
    decimals=frozenset({"m"}),
)


def quantities_family() -> ledgers.Family:
    """A family whose path is a joined table's column (the quantity's activity)."""
    return ledgers.Family(
        ActivityQuantity,
        path="a.unit_path",
        joins=f"JOIN {Activity._meta.db_table} a ON a.id = t.activity_id",
        where="a.start_date BETWEEN %(start)s AND %(end)s",
        metrics={"q": "SUM(t.amount)", "rows": "COUNT(*)"},
    )


def exact(values: dict) -> dict:
    """Each value with its type and, for money, its places: 105.75 is not 105.750 nor a float."""
    return {k: (type(v).__name__, str(v)) for k, v in values.items()}


def test_family_totals_are_the_hand_worked_sums_counts_as_integers_money_to_the_fen(table):
    cast, start, end = table
    got = ledgers.family_totals(cast.county_user, CAP, cast.town_a, ACTIVITIES, start=start, end=end)
    assert exact(got) == {
        "n": ("int", "3"),
        "p": ("int", "247"),
        "m": ("Decimal", "105.75"),
        "big": ("int", "200"),
    }
    county = ledgers.family_totals(cast.county_user, CAP, cast.county, ACTIVITIES, start=start, end=end)
    assert exact(county) == {
        "n": ("int", "5"),
        "p": ("int", "359"),
        "m": ("Decimal", "1105.75"),
        "big": ("int", "200"),
    }


def test_family_totals_with_no_row_are_zeros(table):
    cast, start, end = table
    got = ledgers.family_totals(cast.county_user, CAP, cast.village_a2, ACTIVITIES, start=start, end=end)
    assert exact(got) == {"n": ("int", "0"), "p": ("int", "0"), "m": ("Decimal", "0.00"), "big": ("int", "0")}


def test_family_totals_by_child(table):
    cast, start, end = table
    got = ledgers.family_totals(
        cast.county_user, CAP, cast.town_a, ACTIVITIES, start=start, end=end, group_by_child=True
    )
    assert {path: exact(v) for path, v in got.items()} == {
        cast.village_a1.path: {
            "n": ("int", "2"),
            "p": ("int", "47"),
            "m": ("Decimal", "100.50"),
            "big": ("int", "0"),
        },
        cast.town_a.path: {
            "n": ("int", "1"),
            "p": ("int", "200"),
            "m": ("Decimal", "5.25"),
            "big": ("int", "200"),
        },
    }
    county = ledgers.family_totals(
        cast.county_user, CAP, cast.county, ACTIVITIES, start=start, end=end, group_by_child=True
    )
    assert county == {
        cast.town_a.path: totals(3, 247, "105.75", 200),
        cast.town_b.path: totals(2, 112, "1000.00", 0),
    }


def test_family_totals_apply_the_policy_where_no_grant_covers_the_unit(table):
    """Town A's chair asking for the county: only her town's rows (the policy's subquery)."""
    cast, start, end = table
    alone = ledgers.family_totals(cast.chair_a, CAP, cast.county, ACTIVITIES, start=start, end=end)
    assert alone == totals(3, 247, "105.75", 200)
    by_child = ledgers.family_totals(
        cast.chair_a, CAP, cast.county, ACTIVITIES, start=start, end=end, group_by_child=True
    )
    assert by_child == {cast.town_a.path: totals(3, 247, "105.75", 200)}
    # her own town is covered by her grant: the same figures without the subquery
    assert ledgers.family_totals(cast.chair_a, CAP, cast.town_a, ACTIVITIES, start=start, end=end) == alone


def test_family_totals_over_a_joined_tables_path(table):
    cast, start, end = table
    family = quantities_family()
    assert ledgers.family_totals(cast.county_user, CAP, cast.town_a, family, start=start, end=end) == {
        "q": 4500,  # rows 1 and 2; row 3's 170 is the day before the period
        "rows": 2,
    }
    assert ledgers.family_totals(cast.county_user, CAP, cast.county, family, start=start, end=end) == {
        "q": 4560,
        "rows": 3,
    }
    assert ledgers.family_totals(cast.chair_a, CAP, cast.county, family, start=start, end=end) == {
        "q": 4500,
        "rows": 2,
    }
    assert ledgers.family_totals(
        cast.county_user, CAP, cast.county, family, start=start, end=end, group_by_child=True
    ) == {cast.town_a.path: {"q": 4500, "rows": 2}, cast.town_b.path: {"q": 60, "rows": 1}}


def test_family_totals_qualify_the_tables_own_path_when_a_join_has_the_same_column(table):
    """A join bringing in a second table with a `unit_path` (here the activity table again, as `o`):
    the family's own path is `t.unit_path`, never the bare, ambiguous name."""
    cast, start, end = table
    family = ledgers.Family(
        Activity,
        path="unit_path",
        joins=f"JOIN {Activity._meta.db_table} o ON o.id = t.id",
        where="o.start_date BETWEEN %(start)s AND %(end)s",
        metrics={"n": "COUNT(*)"},
    )
    assert ledgers.family_totals(cast.county_user, CAP, cast.town_a, family, start=start, end=end) == {"n": 3}


def test_family_totals_use_the_policys_subquery_only_where_no_grant_covers_the_unit(table):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast, start, end = table
    for user, unit, policed in [
        (cast.county_user, cast.county, False),
        (cast.chair_a, cast.town_a, False),
        (cast.chair_a, cast.county, True),
        (cast.vchair_a1, cast.town_a, True),
    ]:
        with CaptureQueriesContext(connection) as queries:
            ledgers.family_totals(user, CAP, unit, ACTIVITIES, start=start, end=end)
        statement = queries.captured_queries[-1]["sql"]
        assert (" IN (SELECT" in statement) is policed, (user, unit)


def test_path_prefixes_with_a_step_of_one():
    assert ledgers.path_prefixes("012", 1) == ["0", "01", "012"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # town A's chair: her town's subtree and the units above it, not the sibling town's
        ("chair_a", {"province", "city", "county", "town_a", "village_a1", "village_a2", "group_a1"}),
        ("vchair_a1", {"province", "city", "county", "town_a", "village_a1", "group_a1"}),
        ("nobody", set()),  # no grant at all: nothing, not everything
    ],
)
def test_up_and_down_q_reaches_the_grants_ancestors_and_subtrees(cast, who, expected):
    from fulian.core.scoping import scope_for
    from fulian.orgs.models import OrgUnit

    q = ledgers.up_and_down_q(scope_for(getattr(cast, who)), "people.view", "path")
    names = {"province", "city", "county", "town_a", "town_b", "village_a1", "village_a2", "village_b1"}
    by_pk = {getattr(cast, n).pk: n for n in (*names, "group_a1")}
    assert {by_pk[pk] for pk in OrgUnit.objects.filter(q).values_list("pk", flat=True)} == expected


def test_a_path_copied_save_passes_its_options_on(cast):
    """save(update_fields=…) on a ledger row writes those fields (the path follows the unit) and no other."""
    from fulian.care.models import Volunteer
    from fulian.care.tests.factories import make_volunteer

    v = make_volunteer(cast.village_a1, phone="13800000000")
    v.village = cast.village_a2
    v.phone = "13900000000"
    v.save(update_fields=["village", "village_path"])
    stored = Volunteer.objects.values("village_id", "village_path", "phone").get(pk=v.pk)
    assert stored == {
        "village_id": cast.village_a2.pk,
        "village_path": cast.village_a2.path,
        "phone": "13800000000",
    }
