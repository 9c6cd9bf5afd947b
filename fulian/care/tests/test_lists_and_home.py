"""Lists cap their queries; overdue pairings reach the volunteer's and the chair's home page."""

import pytest
from django.urls import reverse

from fulian.care.tests.factories import make_pairing, make_person, make_volunteer, years_ago

pytestmark = pytest.mark.django_db


def _many(cast, n):
    for i in range(n):
        v = make_volunteer(cast.village_a1, f"志愿者{i}")
        make_pairing(v, make_person(cast.village_a1, f"儿童{i}", years_ago(8)))


@pytest.mark.parametrize("url", ["care:pairing_list", "care:volunteer_list"])
def test_list_queries_do_not_grow_with_rows(cast, care, login, django_assert_max_num_queries, url):
    client = login(cast.chair_a)
    _many(cast, 3)
    with django_assert_max_num_queries(12):
        assert client.get(reverse(url) + "?status=all").status_code == 200
    _many(cast, 30)
    with django_assert_max_num_queries(12):
        assert client.get(reverse(url) + "?status=all").status_code == 200


def test_api_list_queries_do_not_grow(cast, care, api_client, django_assert_max_num_queries):
    api_client.force_authenticate(cast.chair_a)
    _many(cast, 30)
    with django_assert_max_num_queries(8):
        assert api_client.get("/api/v1/care/pairings/").status_code == 200


def test_overdue_on_the_volunteers_and_chairs_home_page(cast, care, login):
    from fulian.core.dashboard import feed_for

    mine = [i.text for i in feed_for(cast.volunteer_a1, 20) if "超期未走访" in i.text]
    assert len(mine) == 1
    assert "王小明" in mine[0]
    chair = [i.text for i in feed_for(cast.vchair_a1, 20) if "超期未走访" in i.text]
    assert len(chair) == 2
    assert not [i for i in feed_for(cast.chair_b, 20) if "王小明" in i.text]
    page = login(cast.volunteer_a1).get(reverse("core:home")).content.decode()
    assert "超期未走访" in page
