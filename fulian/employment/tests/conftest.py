import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fulian.care.tests.factories import make_person, years_ago
from fulian.employment.models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training


@pytest.fixture
def empl(cast):
    """A county training with trainees from both towns, a town-A job fair, an entrepreneur with a loan."""
    today = datetime.date.today()
    day = today - datetime.timedelta(days=30)
    training = Training.objects.create(
        title="家政服务技能培训", unit=cast.county, started_on=day, ended_on=day
    )
    woman_a = make_person(cast.village_a1, "刘翠华", years_ago(38))
    woman_b = make_person(cast.village_b1, "吴玉珍", years_ago(42))
    other_a = make_person(cast.village_a1, "蒋丽娟", years_ago(26))
    t_a = Trainee.objects.create(training=training, person=woman_a, village=cast.village_a1, certified=True)
    t_b = Trainee.objects.create(training=training, person=woman_b, village=cast.village_b1)
    fair = JobFair.objects.create(
        title="春风行动女性专场招聘会", unit=cast.town_a, held_on=day, attendees=120
    )
    employer = FairEmployer.objects.create(fair=fair, name="万源市富硒茶业公司", posts_offered=30, hires=8)
    ent = Entrepreneur.objects.create(
        person=other_a,
        village=cast.village_a1,
        kind="graduate",
        business_name="青龙电商服务部",
        started_on=day,
    )
    loan = Loan.objects.create(
        entrepreneur=ent,
        village=cast.village_a1,
        amount=Decimal("50000.00"),
        bank="万源农商银行",
        granted_on=day,
    )
    return SimpleNamespace(
        training=training,
        woman_a=woman_a,
        woman_b=woman_b,
        other_a=other_a,
        t_a=t_a,
        t_b=t_b,
        fair=fair,
        employer=employer,
        ent=ent,
        loan=loan,
        today=today,
        day=day,
    )
