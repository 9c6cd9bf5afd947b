import datetime
from types import SimpleNamespace

import pytest

from fulian.care.tests.factories import make_person, years_ago
from fulian.health.models import Campaign, Hospital, Result, Screening


@pytest.fixture
def health(cast):
    """A county 两癌筛查 campaign: a positive woman in 青龙村 and a normal one in 东城社区."""
    today = datetime.date.today()
    hospital = Hospital.objects.create(name="万源市妇幼保健院")
    campaign = Campaign.objects.create(
        name="2026年两癌筛查",
        unit=cast.county,
        started_on=today - datetime.timedelta(days=60),
        ended_on=today + datetime.timedelta(days=60),
        target_count=3200,
    )
    campaign.hospitals.add(hospital)
    woman_a = make_person(cast.village_a1, "李秀英", years_ago(45))
    woman_b = make_person(cast.village_b1, "何春梅", years_ago(50))
    young = make_person(cast.village_a1, "杨小燕", years_ago(30))
    man = make_person(cast.village_a1, "张大山", years_ago(45), gender="M")
    candidate = make_person(cast.village_a1, "罗桂兰", years_ago(40))
    s_a = Screening.objects.create(
        campaign=campaign,
        person=woman_a,
        village=cast.village_a1,
        hospital=hospital,
        screened_on=today - datetime.timedelta(days=10),
        age=45,
        result=Result.POSITIVE,
        site="breast",
        finding="乳腺浸润性导管癌",
        referred_to="达州市中心医院",
        free_surgery=True,
        treatment="ongoing",
    )
    s_b = Screening.objects.create(
        campaign=campaign,
        person=woman_b,
        village=cast.village_b1,
        screened_on=today - datetime.timedelta(days=5),
        age=50,
        result=Result.NORMAL,
    )
    return SimpleNamespace(
        hospital=hospital,
        campaign=campaign,
        woman_a=woman_a,
        woman_b=woman_b,
        young=young,
        man=man,
        candidate=candidate,
        s_a=s_a,
        s_b=s_b,
        today=today,
    )
