"""Screening rules: the target group is checked with a clear message, nothing is saved on bad input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.health import services
from fulian.health.models import Screening, ScreeningCount

pytestmark = pytest.mark.django_db


def test_a_woman_in_the_target_group_is_registered(cast, health):
    s = services.screening_record(
        user=cast.vchair_a1, campaign=health.campaign, person=health.candidate, screened_on=health.today
    )
    assert s.age == 40
    assert s.village == cast.village_a1
    assert s.result == "pending"


def test_age_outside_the_target_group_is_refused_with_the_range(cast, health, login):
    data = {"person": health.young.pk, "screened_on": health.today.isoformat()}
    response = login(cast.vchair_a1).post(reverse("health:screening_create", args=[health.campaign.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "杨小燕：筛查时 30 周岁，不在本次筛查的对象年龄范围（35–64周岁）内" in text
    assert not Screening.objects.filter(person=health.young).exists()


def test_the_age_range_is_a_campaign_setting(cast, health):
    health.campaign.age_min = 25
    health.campaign.save()
    services.screening_record(
        user=cast.vchair_a1, campaign=health.campaign, person=health.young, screened_on=health.today
    )


@pytest.mark.parametrize(
    ("who", "day", "message"),
    [
        ("man", 0, "筛查对象应为女性"),
        ("woman_a", 0, "已在本次筛查中登记"),
        ("candidate", 200, "筛查日期应在活动期间"),
        ("candidate", -3, "筛查日期不能晚于今天"),
    ],
)
def test_bad_screening_is_refused(cast, health, who, day, message):
    before = Screening.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.screening_record(
            user=cast.chair_a,
            campaign=health.campaign,
            person=getattr(health, who),
            screened_on=health.today - datetime.timedelta(days=day),
        )
    assert message in str(exc.value)
    assert Screening.objects.count() == before


def test_a_person_outside_the_scope_is_refused(cast, health):
    with pytest.raises(ValidationError) as exc:
        services.screening_record(
            user=cast.vchair_a1, campaign=health.campaign, person=health.woman_b, screened_on=health.today
        )
    assert "不在您的管辖范围内" in str(exc.value)


def test_surgery_needs_a_positive_result(cast, health, login):
    url = reverse("health:screening_result", args=[health.s_b.pk])
    response = login(cast.chair_b).post(url, {"result": "normal", "free_surgery": "on"})
    assert response.status_code == 400
    assert "只有阳性（确诊）结果才能登记免费手术" in response.content.decode()
    health.s_b.refresh_from_db()
    assert not health.s_b.free_surgery


def test_counts_are_checked_and_a_second_report_corrects_the_first(cast, health, login):
    url = reverse("health:count_create", args=[health.campaign.pk])
    client = login(cast.vchair_a1)
    bad = {
        "village": cast.village_a1.pk,
        "reported_on": health.today.isoformat(),
        "screened": 10,
        "abnormal": 0,
        "positive": 12,
        "free_surgeries": 0,
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "阳性人数不能大于筛查人数" in response.content.decode()
    assert not ScreeningCount.objects.exists()
    assert client.post(url, {**bad, "positive": 2}).status_code == 302
    assert client.post(url, {**bad, "screened": 30, "positive": 3}).status_code == 302
    count = ScreeningCount.objects.get()
    assert (count.screened, count.positive) == (30, 3)
    assert client.post(url, {**bad, "village": cast.village_b1.pk, "positive": 0}).status_code == 400
