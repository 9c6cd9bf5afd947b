"""Removing a participant through the page: four access checks, and the activity's linked people after."""

from __future__ import annotations

from fulian.core.tests.pages import post_four_ways
from fulian.people.tests.factories import PersonFactory

from .factories import make_activity


def test_a_participant_removed_through_the_page(cast, login):
    people = [PersonFactory(village=cast.village_a1, name=n) for n in ("甲", "乙")]
    activity = make_activity(cast.vchair_a1, cast.village_a1, participants=people)
    url = f"/activities/{activity.pk}/participants/{people[0].pk}/remove/"
    post_four_ways(
        login, url, {}, works_as=cast.vchair_a1, outsider=cast.chair_b, wrong_role=cast.volunteer_a1
    )
    assert list(activity.participants.values_list("name", flat=True)) == ["乙"]
