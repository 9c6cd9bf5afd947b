"""Demo publicity register for 万源市 (called by `manage.py load_demo`): pieces written by the county, the
towns and some villages last year and this year, sent to outlets, most of them adopted."""

from __future__ import annotations

import datetime as dt
import random

from fulian.orgs.services.demo import TOWN_A, TOWN_B

from .models import Adoption, Kind, Outlet, Piece

TOPICS = [
    "开展“三八”国际妇女节系列活动",
    "举办巾帼家政技能培训班",
    "开展“两癌”免费筛查",
    "开展反家暴宣传进村入户",
    "评选“最美家庭”",
    "开展留守儿童关爱活动",
    "召开妇联执委会议",
    "开展普法维权宣传",
    "推进“巾帼建功”行动",
    "开展家庭教育讲座",
]
AUTHORS = ["王丽", "张敏", "李晓燕", "刘翠华", "陈芳", "赵红梅", "周玉兰"]
# outlet -> chance that a piece is taken there
CHANCES = {
    Outlet.COUNTY_FED: 0.6,
    Outlet.CITY_FED: 0.45,
    Outlet.PROVINCE_FED: 0.08,
    Outlet.DAILY: 0.1,
    Outlet.PORTAL: 0.25,
    Outlet.PRESS: 0.1,
    Outlet.TV_COUNTY: 0.3,
    Outlet.TV_CITY: 0.08,
    Outlet.NEW_MEDIA: 0.4,
}


def random_day(rng, start: dt.date, end: dt.date) -> dt.date:
    """A day from `start` to `end`, both included (the office demo uses it too)."""
    return start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days + 1)))


def load(ctx) -> None:
    # a random of its own, so that the apps loaded after this one get the same demo as without it
    rng, today = random.Random(f"publicity-{ctx.today}"), ctx.today
    town_a, town_b = ctx.unit(TOWN_A), ctx.unit(TOWN_B)
    writers = [ctx.county, town_a, town_b, *ctx.villages_of(town_a)[:3], *rng.sample(ctx.towns, 3)]
    this_year = (dt.date(today.year, 1, 1), today)
    last_year = (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    adoptions = []
    n = 0
    for (first, end), count in ((last_year, 24), (this_year, 32)):
        for _ in range(count):
            unit = rng.choice(writers)
            written = random_day(rng, first, end)
            piece = Piece.objects.create(
                title=f"{unit.name}{rng.choice(TOPICS)}",
                kind=rng.choices(Kind.values, weights=[12, 3, 4, 2, 1])[0],
                unit=unit,
                authors="、".join(rng.sample(AUTHORS, rng.choice((1, 1, 2)))),
                written_on=written,
                text="近日，" + unit.name + "妇联组织开展活动，广大妇女积极参与。",
            )
            n += 1
            for outlet, chance in CHANCES.items():
                if rng.random() < chance:
                    adopted = min(written + dt.timedelta(days=rng.randrange(0, 6)), end)
                    adoptions.append(
                        Adoption(piece=piece, outlet=outlet, submitted_on=written, adopted_on=adopted)
                    )
            if rng.random() < 0.3 and Outlet.CITY_FED not in {
                a.outlet for a in adoptions if a.piece is piece
            }:
                adoptions.append(Adoption(piece=piece, outlet=Outlet.CITY_FED, submitted_on=written))
    Adoption.objects.bulk_create(adoptions)
    taken = sum(1 for a in adoptions if a.adopted_on)
    ctx.log(f"  宣传工作：{n} 篇稿件，被各级采用 {taken} 条")
