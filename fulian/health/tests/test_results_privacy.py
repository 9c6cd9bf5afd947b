"""Results are sensitive: shown only to roles holding health.results, masked otherwise, disclosures logged."""

import pytest
from django.urls import reverse

from fulian.core.models import AccessLog

pytestmark = pytest.mark.django_db


def test_village_chair_sees_the_screening_but_not_the_result(cast, health, login):
    page = (
        login(cast.vchair_a1).get(reverse("health:screening_detail", args=[health.s_a.pk])).content.decode()
    )
    assert "李秀英" in page
    assert "乳腺浸润性导管癌" not in page
    assert "阳性" not in page
    assert "***" in page
    assert not AccessLog.objects.exists()


def test_town_staff_sees_the_result_and_the_disclosure_is_logged(cast, health, login):
    page = login(cast.staff_a).get(reverse("health:screening_detail", args=[health.s_a.pk])).content.decode()
    assert "乳腺浸润性导管癌" in page
    log = AccessLog.objects.get()
    assert log.user == cast.staff_a
    assert log.target_type == "health.screening"
    assert log.target_id == str(health.s_a.pk)


def test_campaign_list_masks_results_for_the_chair_and_logs_for_the_town(cast, health, login):
    page = (
        login(cast.vchair_a1)
        .get(reverse("health:campaign_detail", args=[health.campaign.pk]))
        .content.decode()
    )
    assert "阳性（确诊）" not in page
    assert 'data-testid="result">***<' in page
    assert not AccessLog.objects.exists()
    page = (
        login(cast.chair_a).get(reverse("health:campaign_detail", args=[health.campaign.pk])).content.decode()
    )
    assert "阳性（确诊）" in page
    assert AccessLog.objects.filter(user=cast.chair_a, target_type="health.screening").count() == 1


def test_api_masks_and_logs(cast, health, api_client):
    api_client.force_authenticate(cast.vchair_a1)
    row = api_client.get(f"/api/v1/health/screenings/{health.s_a.pk}/").json()
    assert row["result"] == "***"
    assert row["finding"] == "***"
    assert not AccessLog.objects.exists()
    api_client.force_authenticate(cast.county_user)
    row = api_client.get(f"/api/v1/health/screenings/{health.s_a.pk}/").json()
    assert row["finding"] == "乳腺浸润性导管癌"
    assert AccessLog.objects.filter(user=cast.county_user).count() == 1


def test_finding_is_not_stored_in_clear_text(cast, health):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT finding FROM health_screening WHERE id = %s", [health.s_a.pk])
        raw = cur.fetchone()[0]
    assert "乳腺" not in raw
