"""Four checks for every spreadsheet view: the right user works, an outsider gets 404, a wrong role 403,
anonymous goes to the login page. Plus: jobs belong to their uploader alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fulian.core.spreadsheets.models import ImportJob

from .conftest import xlsx

pytestmark = pytest.mark.django_db


def spec_urls(cast):
    return [
        reverse("spreadsheets:template", args=["zones-test"]),
        reverse("spreadsheets:import", args=["zones-test"]),
        reverse("spreadsheets:export", args=["zones-test"]),
    ]


def make_job(user, unit, **extra):
    return ImportJob.objects.create(
        user=user, spec="zones-test", unit=unit, unit_path=unit.path, original_name="a.xlsx", **extra
    )


def test_spec_views_work_for_the_right_user(cast, login, zone_specs):
    client = login(cast.chair_a)
    for url in spec_urls(cast):
        assert client.get(url).status_code == 200, url
        assert client.get(f"{url}?unit={cast.town_a.pk}").status_code == 200, url


def test_spec_views_404_for_a_unit_outside_scope(cast, login, zone_specs):
    client = login(cast.chair_b)
    for url in spec_urls(cast):
        assert client.get(f"{url}?unit={cast.town_a.pk}").status_code == 404, url
    response = client.post(reverse("spreadsheets:import", args=["zones-test"]),
                           {"unit": cast.town_a.pk, "file": xlsx([["竹峪镇", "东片"]])})  # fmt: skip
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_spec_views_403_for_a_wrong_role(cast, login, zone_specs):
    client = login(cast.volunteer_a1)
    for url in spec_urls(cast):
        assert client.get(url).status_code == 403, url


def test_spec_views_send_anonymous_to_login(cast, client, zone_specs):
    for url in [*spec_urls(cast), reverse("spreadsheets:jobs")]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_unknown_spec_is_404(cast, login, zone_specs):
    client = login(cast.chair_a)
    assert client.get(reverse("spreadsheets:import", args=["nothing"])).status_code == 404
    assert client.get(reverse("spreadsheets:export", args=["nothing"])).status_code == 404


def job_urls(job):
    return [
        ("get", reverse("spreadsheets:job", args=[job.pk])),
        ("get", reverse("spreadsheets:job_progress", args=[job.pk])),
        ("post", reverse("spreadsheets:job_confirm", args=[job.pk])),
        ("post", reverse("spreadsheets:job_cancel", args=[job.pk])),
        ("post", reverse("spreadsheets:job_retry", args=[job.pk])),
    ]


def test_job_views_four_ways(cast, login, client, zone_specs):
    job = make_job(cast.chair_a, cast.town_a, status=ImportJob.Status.VALIDATED)
    for method, url in job_urls(job):
        assert getattr(client, method)(url).status_code == 302  # anonymous: to login
        assert "/accounts/login/" in getattr(client, method)(url)["Location"]
    outsider = login(cast.staff_a)  # same town, but not her job
    for method, url in job_urls(job):
        assert getattr(outsider, method)(url).status_code == 404, url
    own = login(cast.chair_a)
    assert own.get(job_urls(job)[0][1]).status_code == 200
    assert own.get(job_urls(job)[1][1]).status_code == 200
    assert own.post(job_urls(job)[2][1]).status_code == 302
    assert own.post(job_urls(job)[3][1]).status_code == 302  # cancelled
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.CANCELLED
    response = own.post(job_urls(job)[4][1], {"file": xlsx([["竹峪镇", "东片"]])})
    assert response.status_code == 302
    assert ImportJob.objects.get(retry_of=job).user == cast.chair_a
    # a job left by someone whose role no longer grants the import: 403
    stale = make_job(cast.volunteer_a1, cast.village_a1)
    volunteer = login(cast.volunteer_a1)
    for method, url in job_urls(stale):
        assert getattr(volunteer, method)(url).status_code == 403, url


def test_my_imports_lists_only_my_jobs(cast, login, zone_specs):
    mine = make_job(cast.chair_a, cast.town_a)
    theirs = make_job(cast.staff_a, cast.town_a)
    theirs.original_name = "别人的.xlsx"
    theirs.save()
    page = login(cast.chair_a).get(reverse("spreadsheets:jobs")).content.decode()
    assert reverse("spreadsheets:job", args=[mine.pk]) in page
    assert "别人的.xlsx" not in page


def test_my_imports_query_count_does_not_grow(cast, login, zone_specs, django_assert_max_num_queries):
    for _ in range(30):
        make_job(cast.chair_a, cast.town_a)
    client = login(cast.chair_a)
    # 9: the page first fails the jobs whose worker died (one query when there are none)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("spreadsheets:jobs")).status_code == 200
