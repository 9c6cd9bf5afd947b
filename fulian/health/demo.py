"""Demo screening ledger for 万源市 (called by `manage.py load_demo`): this year's campaigns with named
screenings in 竹峪镇 and village counts elsewhere, and last year's 两癌 campaign counted by village, so
year-on-year figures show."""

from __future__ import annotations

import datetime as dt

from fulian.orgs.services.demo import TOWN_A
from fulian.people.demo import demo_people

from .models import Campaign, Hospital, Result, Screening, ScreeningCount


def load(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    start = dt.date(today.year, 3, 1) if today.month > 3 else today - dt.timedelta(days=60)
    mch = Hospital.objects.create(name="万源市妇幼保健院", phone="0818-8621234")
    family = Hospital.objects.create(name="万源市计划生育服务站")
    zijing = Hospital.objects.create(name="达州紫荆妇产医院")
    two = Campaign.objects.create(
        name=f"{today.year}年农村妇女两癌筛查",
        unit=ctx.county,
        started_on=start,
        ended_on=dt.date(today.year, 12, 31),
        target_count=3200,
        note="对象：35–64周岁农村妇女",
    )
    two.hospitals.set([mch, family])
    gyn = Campaign.objects.create(
        name=f"{today.year}年偏远乡镇贫困妇女妇科病普查",
        kind=Campaign.Kind.GYNAECOLOGICAL,
        unit=ctx.county,
        started_on=start,
        ended_on=dt.date(today.year, 12, 31),
        target_count=400,
    )
    gyn.hospitals.set([zijing])
    town = ctx.unit(TOWN_A)
    rows = []
    results = [Result.NORMAL] * 40 + [Result.ABNORMAL] * 4 + [Result.PENDING] * 2
    for village in ctx.villages_of(town)[:10]:
        for person in demo_people(ctx, village, 12, ages=(35, 64)):
            rows.append(
                Screening(
                    campaign=two,
                    person=person,
                    village=village,
                    village_path=village.path,
                    hospital=rng.choice([mch, family]),
                    screened_on=start + dt.timedelta(days=rng.randrange(0, max(1, (today - start).days))),
                    age=(today - person.birth_date).days // 366,
                    result=rng.choice(results),
                )
            )
    for s in rows[:2]:
        s.result, s.site, s.referred_to = (
            Result.POSITIVE,
            rng.choice(["cervical", "breast"]),
            "达州市中心医院",
        )
        s.referred_on, s.treatment, s.free_surgery = s.screened_on + dt.timedelta(days=7), "ongoing", True
        s.finding = "病理确诊，已转诊治疗"
    Screening.objects.bulk_create(rows)
    last_year = Campaign.objects.create(
        name=f"{today.year - 1}年农村妇女两癌筛查",
        unit=ctx.county,
        started_on=dt.date(today.year - 1, 3, 1),
        ended_on=dt.date(today.year - 1, 12, 31),
        target_count=3000,
        note="对象：35–64周岁农村妇女",
    )
    last_year.hospitals.set([mch, family])
    counts = []
    for campaign, villages in (
        (two, [v for v in ctx.villages if not v.path.startswith(town.path)][:60]),
        (last_year, ctx.villages[:80]),
    ):
        for village in villages:
            n = rng.randrange(20, 90)
            counts.append(
                ScreeningCount(
                    campaign=campaign,
                    village=village,
                    village_path=village.path,
                    reported_on=min(today, campaign.started_on + dt.timedelta(days=rng.randrange(0, 60))),
                    screened=n,
                    abnormal=n // 12,
                    positive=1 if rng.random() < 0.05 else 0,
                )
            )
    ScreeningCount.objects.bulk_create(counts)
    ctx.log(f"  健康筛查：3 项活动，{len(rows)} 名登记受检者，{len(counts)} 个村按人数填报")
