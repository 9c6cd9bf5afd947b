"""The registry's figures: persons and categories at the period's end; sensitive ones only with unmask."""

import datetime

from fulian.core.scoping import scope_for
from fulian.people.selectors import figures
from fulian.people.tests.factories import PersonFactory, add_category

END = datetime.date.today()


def test_counts_by_category_and_sub_unit(cast, django_assert_max_num_queries):
    poor = PersonFactory(village=cast.village_a1, birth_date=datetime.date(1980, 5, 1))
    add_category(poor, "poor_mother")
    child = PersonFactory(village=cast.village_a2, birth_date=datetime.date(END.year - 8, 1, 1))
    add_category(child, "left_behind_child")
    ended = PersonFactory(village=cast.village_b1, birth_date=datetime.date(1975, 5, 1))
    add_category(ended, "poor_mother", removed_on=END - datetime.timedelta(days=1))

    scope_for(cast.chair_a)
    with django_assert_max_num_queries(3):
        town = figures(user=cast.chair_a, unit=cast.town_a, end=END)
    assert town["people.total"] == 2
    assert town["people.minors"] == 1
    assert town["people.category.poor_mother"] == 1
    assert town["people.category.left_behind_child"] == 1  # a town chair may unmask: sensitive shown
    county = figures(user=cast.admin, unit=cast.county, end=END)
    assert county["people.total"] == 3
    assert county["people.category.poor_mother"] == 1  # the removed category no longer counts
    assert "people.category.left_behind_child" not in county  # admin may not unmask: no sensitive counts
    by_child = figures(user=cast.admin, unit=cast.county, end=END, group_by_child=True)
    assert by_child[cast.town_a.pk]["people.total"] == 2
    assert by_child[cast.town_b.pk]["people.total"] == 1


def test_person_page_shows_her_aid_history_to_those_who_may_see_aid(cast, login):
    from django.urls import reverse

    from fulian.aid import services as aid
    from fulian.aid.tests.factories import make_programme

    person = PersonFactory(village=cast.village_a1, name="王秀英")
    programme = make_programme(cast.county_user, cast.county)
    aid.application_submit(user=cast.vchair_a1, programme=programme, person=person, amount=500)
    url = reverse("people:detail", args=[person.pk])
    assert "帮扶救助记录" in login(cast.chair_a).get(url).content.decode()
    assert "帮扶救助记录" not in login(cast.member_a1).get(url).content.decode()
