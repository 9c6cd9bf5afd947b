"""A positive finding leads to a 两癌救助 application in the aid ledger, linked to the screening."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fulian.aid.models import Application
from fulian.aid.tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    return make_programme(
        cast.county_user,
        cast.county,
        code="two_cancers",
        name="两癌救助",
        min_amount=Decimal("10000"),
        max_amount=Decimal("10000"),
    )


def test_positive_screening_applies_for_aid(cast, health, programme, login):
    url = reverse("health:screening_aid", args=[health.s_a.pk])
    response = login(cast.chair_a).post(url, {"programme": programme.pk, "amount": "10000", "reason": ""})
    assert response.status_code == 302
    health.s_a.refresh_from_db()
    app = health.s_a.aid_application
    assert app.person == health.woman_a
    assert app.amount == Decimal("10000")
    assert app.status == Application.Status.SUBMITTED
    page = login(cast.chair_a).get(reverse("health:screening_detail", args=[health.s_a.pk])).content.decode()
    assert "待审核" in page


def test_normal_result_or_wrong_amount_applies_for_nothing(cast, health, programme, login):
    client = login(cast.county_user)
    response = client.post(
        reverse("health:screening_aid", args=[health.s_b.pk]), {"programme": programme.pk, "amount": "10000"}
    )
    assert response.status_code == 400
    assert "只有阳性（确诊）的筛查结果才能申请两癌救助" in response.content.decode()
    response = client.post(
        reverse("health:screening_aid", args=[health.s_a.pk]), {"programme": programme.pk, "amount": "500"}
    )
    assert response.status_code == 400
    assert not Application.objects.exists()
    health.s_a.refresh_from_db()
    assert health.s_a.aid_application is None


def test_aid_page_four_ways(cast, health, programme, login, client):
    url = reverse("health:screening_aid", args=[health.s_a.pk])
    assert client.get(url).status_code == 302
    assert login(cast.vchair_a1).get(url).status_code == 403
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.staff_a).get(url).status_code == 200
