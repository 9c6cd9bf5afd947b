"""The screening lists cap their queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse

from fulian.care.tests.factories import make_person, years_ago
from fulian.health.models import Screening

pytestmark = pytest.mark.django_db


def _many(cast, health, n):
    for i in range(n):
        p = make_person(cast.village_a2, f"受检者{i}", years_ago(40))
        Screening.objects.create(campaign=health.campaign, person=p, village=cast.village_a2,
                                 screened_on=health.today - datetime.timedelta(days=1), age=40)  # fmt: skip


@pytest.mark.parametrize("user", ["chair_a", "vchair_a2"])
def test_pages_and_api_do_not_grow_with_rows(
    cast, health, login, api_client, django_assert_max_num_queries, user
):
    client = login(getattr(cast, user))
    api_client.force_authenticate(getattr(cast, user))
    urls = [reverse("health:campaign_list"), reverse("health:campaign_detail", args=[health.campaign.pk])]
    for extra in (0, 30):
        _many(cast, health, extra)
        for url in urls:
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == 200
        with django_assert_max_num_queries(10):
            assert api_client.get("/api/v1/health/screenings/").status_code == 200
