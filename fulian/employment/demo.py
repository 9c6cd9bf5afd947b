"""Demo employment ledger for 万源市 (called by `manage.py load_demo`): trainings and job fairs last year
and this year (so year-on-year figures show), entrepreneurs and their loans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fulian.orgs.services.demo import TOWN_A
from fulian.people.demo import demo_people

from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

SUBJECTS = ["家政服务", "电商直播", "富硒茶种植", "中式面点", "手工编织", "月嫂育婴"]
EMPLOYERS = [
    "万源市富硒茶业有限公司",
    "万源市巴山大峡谷旅游公司",
    "达州家政服务中心",
    "万源市服装加工厂",
    "万源市电商产业园",
    "四川某食品有限公司",
    "万源市康养中心",
]


FAIRS = ["春风行动女性专场招聘会", "巾帼公益招聘会", "返乡妇女就业洽谈会"]


def _day(ctx, start: dt.date, end: dt.date | None = None) -> dt.date:
    """A day from `start` to `end` (default: today)."""
    end = end or ctx.today
    return start + dt.timedelta(days=ctx.rng.randrange(0, max(1, (end - start).days + 1)))


def load(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    start = dt.date(today.year, 1, 1)
    town = ctx.unit(TOWN_A)
    villages = ctx.villages_of(town)[:8]
    women = [p for v in villages for p in demo_people(ctx, v, 10, ages=(20, 50))]
    trainees = []
    last_year = (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    rounds = [(*last_year, SUBJECTS[:4], FAIRS[:2]), (start, today, SUBJECTS, FAIRS)]
    for first, end, subjects, fairs in rounds:
        for subject in subjects:
            day = _day(ctx, first, end)
            unit = rng.choice([ctx.county, town])
            training = Training.objects.create(
                title=f"{subject}技能培训班",
                unit=unit,
                started_on=day,
                ended_on=day + dt.timedelta(days=2),
                place="万源市妇女儿童活动中心" if unit == ctx.county else f"{town.name}便民服务中心",
                subject=subject,
                partner=rng.choice(["万源市人社局", "万源市农业农村局", ""]),
            )
            for person in rng.sample(women, 15):
                trainees.append(
                    Trainee(
                        training=training,
                        person=person,
                        village=person.village,
                        village_path=person.village_path,
                        certified=rng.random() < 0.6,
                    )
                )
        for title in fairs:
            fair = JobFair.objects.create(
                title=title,
                unit=rng.choice([ctx.county, town]),
                held_on=_day(ctx, first, end),
                place="万源市人力资源市场",
                attendees=rng.randrange(150, 600),
            )
            for name in rng.sample(EMPLOYERS, 5):
                posts = rng.randrange(5, 40)
                FairEmployer.objects.create(
                    fair=fair, name=name, posts_offered=posts, hires=rng.randrange(0, posts // 2)
                )
    Trainee.objects.bulk_create(trainees)
    kinds = [Entrepreneur.Kind.GRADUATE, Entrepreneur.Kind.RETURNEE, Entrepreneur.Kind.LEADER]
    for i, person in enumerate(rng.sample(women, 12)):
        ent = Entrepreneur.objects.create(
            person=person,
            village=person.village,
            kind=kinds[i % 3],
            business_name=rng.choice(["巴山土特产网店", "富硒茶种植合作社", "农家乐", "手工布鞋工坊"]),
            business_type=rng.choice(["电商", "种植", "餐饮", "手工"]),
            started_on=start - dt.timedelta(days=rng.randrange(0, 900)),
            employees=rng.randrange(0, 12),
        )
        if i % 2 == 0:
            granted = _day(ctx, start)
            Loan.objects.create(
                entrepreneur=ent,
                village=ent.village,
                amount=Decimal(rng.choice([50000, 100000, 150000])),
                bank=rng.choice(["万源农商银行", "邮储银行万源支行"]),
                granted_on=granted,
            )
    ctx.log(
        f"  创业就业：{Training.objects.count()} 期培训 {len(trainees)} 人次，"
        f"{JobFair.objects.count()} 场招聘会，12 名创业女性"
    )
