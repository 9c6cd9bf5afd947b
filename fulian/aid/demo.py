"""Two years of aid for 万源市 (called by `manage.py load_demo`): the county's programmes with budgets
for last year and this year; applications in 竹峪镇, 古东关街道 and two more towns. Last year's went the
whole way (公示 over, paid, receipts signed); this year's are at every stage (under review, awaiting the
county, approved, on notice with an objection, paid) as far as the days of the year so far allow. In 竹峪镇
the village chairs and the town's staff submit, the staff review and the chair approves, so no one
approves what they submitted or reviewed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import services
from .models import Application, Notice

PROGRAMMES = [
    # code, name, budget, min, max, categories, form
    ("poor_mother", "贫困母亲救助", 150000, 300, 1000, ["poor_mother"], "cash"),
    ("two_cancers", "两癌救助", 400000, 10000, 10000, [], "cash"),
    ("left_behind", "留守儿童慰问", 30000, 200, 500, [], "in_kind"),
    ("festival", "节日慰问", 80000, 200, 800, [], "both"),
    ("study", "春蕾助学", 60000, 1000, 3000, [], "cash"),
]


def _women(ctx, village, n):
    """n adult women of the village from the registry, topped up with new registry entries."""
    from fulian.core import idcard
    from fulian.people.models import Person
    from fulian.people.services import person_build

    have = list(
        Person.objects.filter(
            village=village, gender="F", birth_date__lte=dt.date(ctx.today.year - 20, 1, 1)
        )[:n]
    )
    while len(have) < n:
        born = dt.date(ctx.rng.randint(1960, 1995), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28))
        number = idcard.make_id_number("511781", born, ctx.rng.randrange(0, 998, 2))
        person = person_build(
            name=ctx.person_name(), gender="F", birth_date=born, village=village, id_number=number
        )
        if Person.objects.filter(id_number_hash=person.id_number_hash).exists():
            continue
        person.save()
        have.append(person)
    return have


def _ensure_category(person, code, on):
    from fulian.people.models import Category, PersonCategory

    cat = Category.objects.filter(code=code).first()
    if (
        cat
        and not PersonCategory.objects.filter(person=person, category=cat, removed_on__isnull=True).exists()
    ):
        PersonCategory.objects.create(person=person, category=cat, added_on=on)


PER_VILLAGE = {"poor_mother": 3, "two_cancers": 2, "left_behind": 2, "festival": 3, "study": 1}


def _actors(ctx, town) -> dict:
    """Who does each step in a town (every fallback is the admin, as in tests with fewer users)."""
    from fulian.orgs.services.demo import TOWN_A, VILLAGE_A1, VILLAGE_A2

    users = ctx.users
    admin = users.get("admin") or users.get("county")
    if town.code == TOWN_A:
        staff = users.get("town_staff") or admin
        return {
            "submit": {VILLAGE_A1: users.get("village_chair"), VILLAGE_A2: users.get("village2_chair")},
            "staff": staff,
            "review": staff,
            "approve": users.get("town_chair") or admin,
            "county": users.get("county") or admin,
        }
    return {"submit": {}, "staff": admin, "review": admin, "approve": users.get("county") or admin,
            "county": users.get("county") or admin}  # fmt: skip


def _programmes(ctx, year: int) -> dict:
    from fulian.people.models import Category

    admin = ctx.users.get("admin") or ctx.users.get("county")
    return {
        code: services.programme_create(
            user=admin,
            unit=ctx.county,
            code=f"{code}_{year}",
            name=name,
            year=year,
            budget=budget,
            min_amount=lo,
            max_amount=hi,
            form=form,
            eligible_categories=Category.objects.filter(code__in=cats),
            description=f"{year}年度{name}项目",
        )
        for code, name, budget, lo, hi, cats, form in PROGRAMMES
    }


def _submit(ctx, town, programme, code, actors, on) -> list[Application]:
    apps = []
    for village in ctx.villages_of(town)[:3]:
        user = actors["submit"].get(village.code) or actors["staff"]
        for woman in _women(ctx, village, PER_VILLAGE[code]):
            if code == "poor_mother":
                _ensure_category(woman, "poor_mother", on)
            amount = ctx.rng.choice(range(int(programme.min_amount), int(programme.max_amount) + 1, 100))
            try:
                apps.append(
                    services.application_submit(
                        user=user,
                        programme=programme,
                        person=woman,
                        amount=amount,
                        reason="家庭经济困难，经村妇联入户核实。",
                    )
                )
            except ValidationError:
                continue
    return apps


def _approve(app, actors, *, county: bool = True) -> None:
    """The town's approval; above the threshold also the county's, unless `county` is False (it waits)."""
    services.application_approve(user=actors["approve"], application=app, note="同意")
    if county and app.status == Application.Status.COUNTY:
        services.application_approve(user=actors["county"], application=app, note="同意")


def _pay(ctx, app, programme, actors, on: dt.date) -> None:
    user = actors["staff"]
    if programme.form == "in_kind" or (programme.form == "both" and ctx.rng.random() < 0.4):
        items = [
            {"name": "大米", "quantity": 2, "unit": "袋", "unit_value": "60"},
            {"name": "食用油", "quantity": 1, "unit": "桶", "unit_value": "70"},
        ]
        services.disbursement_create(
            user=user, application=app, kind="in_kind", items=items, paid_on=on, method="上门送达"
        )
    else:
        services.disbursement_create(
            user=user,
            application=app,
            amount=app.amount,
            paid_on=on,
            method="银行卡代发",
            receipt_signed_on=on,
        )


def _round(ctx, town, programme, code, *, first: dt.date, last: dt.date, finish: bool) -> tuple[int, int]:
    """One programme in one town: submitted between `first` and `last`; with `finish`, all paid (last year);
    else the first three in five noticed and paid when the days allow, the rest at each earlier stage."""
    actors = _actors(ctx, town)
    apps = _submit(ctx, town, programme, code, actors, first)
    if not apps:
        return 0, 0
    ctx.rng.shuffle(apps)
    span = max(0, (last - first).days - 20)  # submitted, then about three weeks to a notice's end
    posted = first + dt.timedelta(days=ctx.rng.randint(0, span) if span else 0)
    ends = posted + dt.timedelta(days=7)
    if finish:
        done, rest = apps, []
    elif ends < last:  # this year: a notice can be over by now
        cut = max(1, len(apps) * 3 // 5)
        done, rest = apps[:cut], apps[cut:]
    else:
        done, rest = [], apps
    for app in done + rest[1:]:
        services.application_review(user=actors["review"], application=app)
    for app in done:
        _approve(app, actors)
    for app in rest[2:]:  # those above the threshold wait for the county
        _approve(app, actors, county=False)
    paid = 0
    if done:
        notice = services.notice_create(
            user=actors["staff"],
            programme=programme,
            unit=town,
            applications=done,
            start_date=posted,
            end_date=ends,
            contact="0818-8621234",
        )
        services.notice_publish(user=actors["staff"], notice=notice)
        for app in done:
            app.refresh_from_db()
            _pay(ctx, app, programme, actors, min(ends + dt.timedelta(days=3), last))
            paid += 1
    submitted = max(first, posted - dt.timedelta(days=15))
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(
        submitted_at=timezone.make_aware(dt.datetime.combine(submitted, dt.time(9)))
    )
    return len(apps), paid


def _towns(ctx) -> list:
    """竹峪镇 and 古东关街道 first (the towns of the demo logins), then two more."""
    from fulian.orgs.services.demo import TOWN_A, TOWN_B

    first = [t for code in (TOWN_A, TOWN_B) for t in ctx.towns if t.code == code]
    return first + [t for t in ctx.towns if t not in first and ctx.villages_of(t)][:2]


def load(ctx) -> None:
    today = ctx.today
    admin = ctx.users.get("admin") or ctx.users.get("county")
    count = paid = 0
    towns = _towns(ctx)
    last_year = _programmes(ctx, today.year - 1)
    for town in towns:
        for code, programme in last_year.items():
            n, p = _round(
                ctx,
                town,
                programme,
                code,
                first=dt.date(today.year - 1, 3, 1),
                last=dt.date(today.year - 1, 11, 30),
                finish=True,
            )
            count, paid = count + n, paid + p
    for programme in last_year.values():
        programme.is_open = False
        programme.save(update_fields=["is_open"])
    this_year = _programmes(ctx, today.year)
    for town in towns:
        for code, programme in this_year.items():
            n, p = _round(
                ctx, town, programme, code, first=dt.date(today.year, 1, 1), last=today, finish=False
            )
            count, paid = count + n, paid + p
    # A notice still running, with one objection waiting for the town to check.
    running = list(
        Application.objects.filter(
            status=Application.Status.APPROVED,
            notice__isnull=True,
            programme__year=today.year,
            village_path__startswith=towns[0].path,  # 竹峪镇, the showcase
        ).select_related("programme", "village")[:3]
    )
    if running:
        town = next(t for t in towns if running[0].village_path.startswith(t.path))
        same = [
            a
            for a in running
            if a.programme_id == running[0].programme_id and a.village_path.startswith(town.path)
        ]
        user = _actors(ctx, town)["staff"]
        notice = services.notice_create(
            user=user,
            programme=running[0].programme,
            unit=town,
            applications=same,
            start_date=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=2)),
        )
        services.notice_publish(user=user, notice=notice)
        services.objection_record(
            user=admin,
            notice=notice,
            application=same[0],
            content="反映该户家中有经营性收入，请核实。",
            raised_by="匿名",
        )
    ctx.log(
        f"帮扶救助：{len(last_year) + len(this_year)} 个项目（去年、今年），{count} 份申请，"
        f"{paid} 人次已发放，公示 {Notice.objects.count()} 份"
    )
