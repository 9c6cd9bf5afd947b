"""The organisation's figures: units and federation seats at the end of a period, by sub-unit too."""

import datetime

from fulian.core.scoping import scope_for
from fulian.orgs.models import FederationMember, Position
from fulian.orgs.selectors import figures

END = datetime.date(2026, 12, 31)


def seat(unit, position, start, end=None):
    return FederationMember.objects.create(
        unit=unit, name="某某", position=position, term_start=start, term_end=end
    )


def test_counts_units_and_current_seats(cast, django_assert_max_num_queries):
    seat(cast.village_a1, Position.COMMITTEE, datetime.date(2024, 1, 1))
    seat(cast.village_a1, Position.COMMITTEE, datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))  # ended
    seat(cast.village_b1, Position.COMMITTEE, datetime.date(2026, 1, 1))
    scope_for(cast.county_user).paths("orgs.view")  # her memberships, read once per request
    with django_assert_max_num_queries(2):
        out = figures(user=cast.county_user, unit=cast.county, end=END)
    assert out == {"orgs.towns": 2, "orgs.villages": 3, "orgs.seats.committee": 2}
    by_child = figures(user=cast.county_user, unit=cast.county, end=END, group_by_child=True)
    assert by_child[cast.town_a.pk] == {"orgs.towns": 1, "orgs.villages": 2, "orgs.seats.committee": 1}
    assert by_child[cast.town_b.pk]["orgs.seats.committee"] == 1


def test_scoped_to_what_the_user_sees(cast):
    assert figures(user=cast.chair_b, unit=cast.county, end=END)["orgs.villages"] == 1
    assert figures(user=cast.volunteer_a1, unit=cast.county, end=END) == {"orgs.towns": 0, "orgs.villages": 0}


def test_manager_offers_active_and_subtree(cast):
    cast.village_a2.active_until = datetime.date(2020, 1, 1)
    cast.village_a2.save()
    from fulian.orgs.models import OrgUnit

    names = set(OrgUnit.objects.subtree_of(cast.town_a).active().values_list("name", flat=True))
    assert names == {"竹峪镇", "青龙村", "一组"}
