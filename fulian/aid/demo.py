"""Demo year of aid for 万源市 (called by `manage.py load_demo`): the county's programmes with budgets,
applications in several towns at every stage of the workflow (most paid after a notice whose period is
over; some still under review, awaiting the county, on notice, or objected to), receipts recorded."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import services
from .models import Application, Notice

PROGRAMMES = [
    # code, name, budget, min, max, categories, form
    ("poor_mother", "贫困母亲救助", 150000, 300, 1000, ["poor_mother"], "cash"),
    ("two_cancers", "两癌救助", 200000, 10000, 10000, [], "cash"),
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


def load(ctx) -> None:
    from fulian.people.models import Category

    rng, today = ctx.rng, ctx.today
    admin = ctx.users.get("admin") or ctx.users.get("county")
    # Separation of duties: the approver is never whoever submitted or reviewed an application.
    approver = ctx.users["county"]
    year_ago = today - dt.timedelta(days=330)
    programmes = {}
    for code, name, budget, lo, hi, cats, form in PROGRAMMES:
        programmes[code] = services.programme_create(
            user=admin,
            unit=ctx.county,
            code=f"{code}_{today.year}",
            name=name,
            year=today.year,
            budget=budget,
            min_amount=lo,
            max_amount=hi,
            form=form,
            eligible_categories=Category.objects.filter(code__in=cats),
            description=f"{today.year}年度{name}项目",
        )
    towns = ctx.towns[:6]
    count = paid = 0
    for t_index, town in enumerate(towns):
        villages = ctx.villages_of(town)[:6]
        for code, programme in programmes.items():
            n = {"poor_mother": 4, "two_cancers": 1, "left_behind": 3, "festival": 4, "study": 2}[code]
            apps = []
            for village in villages:
                for woman in _women(ctx, village, n):
                    if code == "poor_mother":
                        _ensure_category(woman, "poor_mother", year_ago)
                    amount = rng.choice(range(int(programme.min_amount), int(programme.max_amount) + 1, 100))
                    try:
                        apps.append(
                            services.application_submit(
                                user=admin,
                                programme=programme,
                                person=woman,
                                amount=amount,
                                reason="家庭经济困难，经村妇联入户核实。",
                            )
                        )
                    except ValidationError:
                        continue
            count += len(apps)
            if not apps:
                continue
            # Most go the whole way; the last few stop at each stage so every page has something to show.
            rng.shuffle(apps)
            cut = max(1, len(apps) * 3 // 5)
            done, rest = apps[:cut], apps[cut:]
            for app in done + rest[1:]:
                services.application_review(user=admin, application=app)
            for app in done + rest[2:]:
                services.application_approve(user=approver, application=app, note="同意")
            posted = year_ago + dt.timedelta(days=rng.randint(20, 200) + t_index)
            notice = services.notice_create(
                user=admin,
                programme=programme,
                unit=town,
                applications=done,
                start_date=posted,
                end_date=posted + dt.timedelta(days=7),
                contact="0818-8621234",
            )
            services.notice_publish(user=admin, notice=notice)
            for app in done:
                app.refresh_from_db()
                if programme.form == "in_kind" or (programme.form == "both" and rng.random() < 0.4):
                    items = [
                        {"name": "大米", "quantity": 2, "unit": "袋", "unit_value": "60"},
                        {"name": "食用油", "quantity": 1, "unit": "桶", "unit_value": "70"},
                    ]
                    services.disbursement_create(
                        user=admin,
                        application=app,
                        kind="in_kind",
                        items=items,
                        paid_on=posted + dt.timedelta(days=10),
                        method="上门送达",
                    )
                else:
                    services.disbursement_create(
                        user=admin,
                        application=app,
                        amount=app.amount,
                        paid_on=posted + dt.timedelta(days=10),
                        method="银行卡代发",
                        receipt_signed_on=posted + dt.timedelta(days=10),
                    )
                paid += 1
            Application.objects.filter(pk__in=[a.pk for a in apps]).update(
                submitted_at=timezone.make_aware(
                    dt.datetime.combine(posted - dt.timedelta(days=15), dt.time(9))
                )
            )
    # A notice still running in town A, with one objection waiting for the town to check.
    running = list(
        Application.objects.filter(status=Application.Status.APPROVED, notice__isnull=True).select_related(
            "programme", "village"
        )[:3]
    )
    if running:
        town = next(t for t in ctx.towns if running[0].village_path.startswith(t.path))
        same = [
            a
            for a in running
            if a.programme_id == running[0].programme_id and a.village_path.startswith(town.path)
        ]
        notice = services.notice_create(
            user=admin,
            programme=running[0].programme,
            unit=town,
            applications=same,
            start_date=today - dt.timedelta(days=2),
        )
        services.notice_publish(user=admin, notice=notice)
        services.objection_record(
            user=admin,
            notice=notice,
            application=same[0],
            content="反映该户家中有经营性收入，请核实。",
            raised_by="匿名",
        )
    ctx.log(
        f"帮扶救助：{len(programmes)} 个项目，{count} 份申请，{paid} 人次已发放，"
        f"公示 {Notice.objects.count()} 份"
    )
