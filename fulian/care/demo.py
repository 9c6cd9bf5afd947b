"""Demo year of the pairing ledger for 万源市 (called by `manage.py load_demo` with the demo context)."""

from __future__ import annotations

import datetime as dt

from fulian.orgs.services.demo import TOWN_A, VILLAGE_A1
from fulian.people.demo import demo_people

from .models import Pairing, Visit, Volunteer


def load(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    year_start = dt.date(today.year, 1, 1)
    town = ctx.unit(TOWN_A)
    visits: list[Visit] = []
    kinds = [Visit.Kind.HOME] * 3 + [Visit.Kind.PHONE, Visit.Kind.VIDEO, Visit.Kind.GROUP]
    needs = [
        "需要学习用品",
        "希望有人辅导数学",
        "冬衣不足",
        "想念外出务工的父母，情绪低落",
        "视力下降，建议检查",
    ]
    n_pairings = 0
    gatherings: list[tuple] = []
    for k, village in enumerate(ctx.villages_of(town)[:12]):
        # a summer gathering (集体活动) of the village's pairings, one village after another in July
        gathering = (village, dt.date(today.year, 7, 4 + 2 * k), [])
        gatherings.append(gathering)
        mothers = demo_people(ctx, village, 3, ages=(30, 55))
        children = demo_people(ctx, village, 6, ages=(6, 15), gender=None)
        for i, person in enumerate(mothers):
            user = ctx.users.get("volunteer") if village.code == VILLAGE_A1 and i == 0 else None
            volunteer = Volunteer.objects.create(
                person=person,
                user=user,
                village=village,
                kind=Volunteer.Kind.CARING_MOTHER if i < 2 else Volunteer.Kind.WOMEN_VOLUNTEER,
                registered_on=year_start - dt.timedelta(days=rng.randrange(30, 700)),
            )
            for child in children[2 * i : 2 * i + 2]:
                # most began last year (so last year's figures show), a few this year
                started = max(
                    volunteer.registered_on, year_start - dt.timedelta(days=rng.randrange(-20, 330))
                )
                started = min(started, today - dt.timedelta(days=40))
                pairing = Pairing.objects.create(
                    volunteer=volunteer,
                    child=child,
                    village=village,
                    started_on=started,
                    reason=rng.choice(["父母均外出务工", "单亲家庭，母亲外出务工", "隔代抚养"]),
                    frequency=30,
                )
                n_pairings += 1
                gathering[2].append(pairing)
                # Monthly visits back from the last one: recent for most pairings, over a month ago for
                # about one in ten (overdue on the home page, as a few are in real life).
                overdue = rng.random() < 0.1
                day = today - dt.timedelta(days=rng.randrange(35, 60) if overdue else rng.randrange(1, 25))
                last = day if day >= started else None
                while day >= started:
                    kind = rng.choice(kinds)
                    need = rng.choice(needs) if rng.random() < 0.15 else ""
                    visits.append(
                        Visit(
                            pairing=pairing,
                            village=village,
                            village_path=village.path,
                            visited_on=day,
                            kind=kind,
                            notes="了解学习和生活情况，陪伴交流",
                            needs_found=need,
                            need_solved=bool(need) and day.toordinal() % 3 != 0,  # two in three solved
                        )
                    )
                    day -= dt.timedelta(days=rng.randrange(24, 36))
                pairing.next_visit_due = (last or started) + dt.timedelta(days=30)
                pairing.save(update_fields=["next_visit_due"])
    for village, day, pairings in gatherings:  # no draw from rng: the rest of the demo is unchanged
        if day >= today:
            continue
        visits.extend(
            Visit(
                pairing=p,
                village=village,
                village_path=village.path,
                visited_on=day,
                kind=Visit.Kind.GROUP,
                notes="暑期集体活动：读书、手工和游戏",
            )
            for p in pairings
            if p.started_on <= day
        )
    Visit.objects.bulk_create(visits)
    ctx.log(f"  结对关爱：{Volunteer.objects.count()} 名志愿者，{n_pairings} 对结对，{len(visits)} 次走访")
