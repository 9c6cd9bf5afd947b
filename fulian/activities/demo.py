"""Demo activity ledger for 万源市 (called by `manage.py load_demo`): the county's own events, a dozen or so
per town and a few per village in each of last year and this year so far (so year-on-year figures show),
with the quantities, co-organisers and teams the annual summaries mention."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import Activity, ActivityQuantity, ActivityTeam, ActivityType, OutsideBody, QuantityKind

# type code -> (month, day or None for any day, title pattern, participants range, place)
CALENDAR = {
    "spring_festival": (1, None, "{unit}春节走访慰问困难妇女", (10, 60), "各村"),
    "sanba": (3, 8, "{unit}庆“三八”妇女节系列活动", (60, 300), "镇文化广场"),
    "mothers_day": (5, 12, "{unit}“感恩母亲”主题活动", (40, 150), "村活动室"),
    "children_day": (6, 1, "{unit}“六一”关爱留守儿童活动", (30, 200), "中心小学"),
    "mid_autumn": (9, 17, "{unit}中秋慰问留守儿童", (20, 80), "各村"),
}
ANYTIME = {
    "rights_publicity": (
        "{unit}反家暴宣传进村入户",
        (50, 400),
        "集镇街道",
        {"proposal": (1000, 5000), "leaflet": (200, 2000), "consultation": (50, 200), "complaint": (0, 8)},
    ),
    "training": ("{unit}农村妇女实用技术培训", (30, 120), "镇农民夜校", {}),
    "family_education": ("{unit}家庭教育讲座", (40, 150), "村活动室", {}),
    "free_clinic": ("{unit}妇女健康义诊", (80, 300), "镇卫生院", {"consultation": (80, 300)}),
    "forum": ("{unit}村妇联主席分片座谈会", (10, 30), "镇政府会议室", {}),
    "survey": ("{unit}留守妇女儿童情况调研", (5, 20), "各村", {}),
    "performance": ("{unit}巾帼文艺汇演", (100, 500), "镇文化广场", {}),
    "sports": ("{unit}妇女趣味运动会", (80, 300), "中心小学操场", {}),
    "job_fair": ("{unit}春风行动公益招聘会", (150, 800), "镇政府广场", {"posts": (100, 600)}),
    "volunteer": (
        "{unit}巾帼志愿者环保行动",
        (20, 80),
        "河道沿线",
        {"eco_bag": (200, 800), "proposal": (500, 4000)},
    ),
}
VILLAGE_EVENTS = ["sanba", "mothers_day", "children_day", "rights_publicity", "family_education", "volunteer"]
BODIES = {
    "rights_publicity": ["司法局", "公安局"],
    "free_clinic": ["卫生局", "妇幼保健院"],
    "training": ["人社局", "科协"],
    "job_fair": ["人社局"],
    "family_education": ["教育局"],
}


def _name(unit) -> str:
    from fulian.orgs.services.demo import short_name

    return short_name(unit)


def _year(ctx, year: int, add) -> None:
    """One year's events up to today: the calendar's days, and the rest spread over the days so far
    (this year: fewer, in proportion)."""
    rng, today = ctx.rng, ctx.today
    first, last = dt.date(year, 1, 1), min(today, dt.date(year, 12, 31))
    days = (last - first).days + 1
    share = days / 365

    def calendar_day(month: int, day: int | None) -> dt.date | None:
        d = dt.date(year, month, day or rng.randint(1, 28))
        return d if d <= today else None

    def any_day() -> dt.date:
        return first + dt.timedelta(days=rng.randrange(days))

    def some(items: list, k: int) -> list:
        return rng.sample(items, k=min(len(items), round(k * share)))

    county = [
        ("sanba", (3, 8), "{unit}纪念“三八”国际劳动妇女节表彰大会", (200, 400), "市会议中心", None),
        ("job_fair", (2, 20), "{unit}春风行动暨巾帼就业公益招聘会", (800, 2000), "市体育广场",
         {"posts": (600, 1500), "leaflet": (1000, 3000)}),
    ]  # fmt: skip
    for code, (month, day), title, people, place, qty in county:
        if when := calendar_day(month, day):
            add(ctx.county, code, when, title, people, place, qty)
    for town in ctx.towns:
        for code, (month, day, title, people, place) in CALENDAR.items():
            if when := calendar_day(month, day):
                add(town, code, when, title, people, place)
        # at least one event this year in every town, even on 1 January
        for code in some(sorted(ANYTIME), rng.randint(5, 9)) or [rng.choice(sorted(ANYTIME))]:
            title, people, place, qty = ANYTIME[code]
            add(town, code, any_day(), title, people, place, qty)
        for village in ctx.villages_of(town):
            for code in some(VILLAGE_EVENTS, 3):
                if code in CALENDAR:
                    month, day, title, people, _ = CALENDAR[code]
                    when = calendar_day(month, day)
                    if when:
                        add(village, code, when, title, (people[0] // 3 + 5, people[1] // 3 + 10), "村活动室")
                else:
                    title, people, _, qty = ANYTIME[code]
                    add(
                        village,
                        code,
                        any_day(),
                        title,
                        (people[0] // 3 + 5, people[1] // 3 + 10),
                        "村活动室",
                        {c: (r[0] // 4, r[1] // 4 + 1) for c, r in qty.items()},
                    )


def load(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    types = {t.code: t for t in ActivityType.objects.all()}
    kinds = {k.code: k for k in QuantityKind.objects.all()}
    bodies = {b.name: b for b in OutsideBody.objects.all()}
    creator = ctx.users.get("town_chair") or next(iter(ctx.users.values()), None)
    plan: list[tuple[Activity, dict, list[str], bool]] = []

    def add(unit, code, when, title, people, place, quantities=None):
        a = Activity(
            type=types[code],
            title=title.format(unit=_name(unit)),
            start_date=when,
            end_date=when + dt.timedelta(days=1 if code == "sports" else 0),
            place=place,
            unit=unit,
            unit_path=unit.path,
            participant_count=rng.randint(*people),
            money_spent=Decimal(rng.choice([0, 0, 200, 500, 800, 1500, 3000])),
            created_by=creator,
            summary=f"{_name(unit)}妇联组织开展{types[code].name}活动，群众反响良好。",
        )
        qty = {c: rng.randint(*r) for c, r in (quantities or {}).items() if c in kinds}
        if types[code].owned_elsewhere:
            return  # recorded by its own ledger (employment's demo), never twice (decision 0005)
        plan.append((a, qty, BODIES.get(code, []), code == "sports"))

    for year in (today.year - 1, today.year):
        _year(ctx, year, add)
    created = Activity.objects.bulk_create([p[0] for p in plan], batch_size=1000)
    ActivityQuantity.objects.bulk_create(
        [
            ActivityQuantity(activity=a, kind=kinds[c], amount=n)
            for a, p in zip(created, plan, strict=True)
            for c, n in p[1].items()
            if n
        ],
        batch_size=2000,
    )
    through = Activity.co_bodies.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, outsidebody_id=bodies[n].pk)
            for a, p in zip(created, plan, strict=True)
            for n in p[2]
            if n in bodies
        ],
        batch_size=2000,
    )
    teams = []
    for a, p in zip(created, plan, strict=True):
        if p[3]:
            villages = ctx.villages_of(a.unit)[:6]
            for rank, v in enumerate(rng.sample(villages, k=len(villages)), start=1):
                teams.append(
                    ActivityTeam(
                        activity=a,
                        name=f"{_name(v)}代表队",
                        unit=v,
                        members=rng.randint(8, 16),
                        result=f"第{rank}名",
                    )
                )
    ActivityTeam.objects.bulk_create(teams, batch_size=2000)
    ctx.log(f"活动台账：{len(created)} 项活动")
