"""Demo registry for 万源市 (called by `manage.py load_demo` before the ledgers): a few people served in
every village and community of every town — women of working age, older women living alone, left-behind
children — half with an ID number, some with categories; about half registered last year, so the registry's
year-on-year figures show. The ledgers' demo modules add the people their records need."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Category, Person, PersonCategory
from .services import person_build

PER_VILLAGE = 4
# (age range, gender or None for either, category codes one of which the person may carry)
KINDS = [
    ((22, 50), "F", ["unemployed_woman", "single_mother", "left_behind_woman", "poor_mother"]),
    ((22, 50), "F", ["women_representative", "migrant"]),
    ((62, 85), "F", ["elderly_alone"]),
    ((4, 15), None, ["left_behind_child"]),
]


def demo_people(ctx, village, n: int, *, ages: tuple[int, int], gender: str | None = "F") -> list:
    """Create n registry persons in a village (bulk), aged within `ages` today: the people a ledger's demo
    records need (volunteers and children, trainees, women screened …)."""
    rng, today = ctx.rng, ctx.today
    people = [
        person_build(
            name=ctx.person_name(),
            gender=gender or rng.choice("FM"),
            birth_date=today - dt.timedelta(days=rng.randrange(ages[0] * 365 + 30, ages[1] * 365 - 30)),
            village=village,
        )
        for _ in range(n)
    ]
    return Person.objects.bulk_create(people)


def load(ctx) -> None:
    from fulian.core import idcard

    rng, today = ctx.rng, ctx.today
    people, wanted, used = [], [], set()
    for village in ctx.villages:
        for n in range(PER_VILLAGE):
            ages, gender, codes = KINDS[n % len(KINDS)]
            born = today - dt.timedelta(days=rng.randrange(ages[0] * 365 + 30, ages[1] * 365 - 30))
            gender = gender or rng.choice("FM")
            number = ""
            if rng.random() < 0.5:  # an even sequence digit: a woman's number, odd: a man's
                number = idcard.make_id_number("511781", born, rng.randrange(0, 998, 2) + (gender == "M"))
                number = "" if number in used else number
                used.add(number)
            people.append(
                person_build(name=ctx.person_name(), gender=gender, birth_date=born, village=village,
                             id_number=number)
            )  # fmt: skip
            wanted.append(rng.choice(codes) if rng.random() < 0.6 else None)
    created = Person.objects.bulk_create(people, batch_size=1000)
    categories = {c.code: c for c in Category.objects.filter(code__in={c for c in wanted if c})}
    PersonCategory.objects.bulk_create(
        [
            PersonCategory(person=p, category=categories[code], added_on=today - dt.timedelta(days=200))
            for p, code in zip(created, wanted, strict=True)
            if code in categories
        ],
        batch_size=1000,
    )
    last_year = timezone.make_aware(dt.datetime(today.year - 1, 6, 1, 9))
    Person.objects.filter(pk__in=[p.pk for p in created[::2]]).update(created_at=last_year)
    ctx.log(f"  服务对象：{len(created)} 人，全市每个村（社区）{PER_VILLAGE} 人")
