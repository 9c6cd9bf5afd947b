"""Objects for aid tests, kept consistent (a person's village decides the application's path)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from fulian.aid import services
from fulian.aid.models import Programme

_seq = itertools.count(1)


def make_person(village, name="张晓丽", *, id_number="", categories=()):
    from fulian.people.models import Category, PersonCategory
    from fulian.people.services import person_build

    person = person_build(
        name=name, birth_date=datetime.date(1980, 5, 1), village=village, id_number=id_number
    )
    person.save()
    for code in categories:
        PersonCategory.objects.create(person=person, category=Category.objects.get(code=code))
    return person


def make_programme(user, unit, **kw) -> Programme:
    n = next(_seq)
    fields = {
        "code": f"poor_mother_{n}",
        "name": "贫困母亲救助",
        "year": timezone.localdate().year,
        "budget": Decimal("100000"),
        "min_amount": Decimal("300"),
        "max_amount": Decimal("1000"),
    }
    fields.update(kw)
    return services.programme_create(user=user, unit=unit, **fields)


def noticed(cast, app, *, days_ago=10):
    """Take an application through review, approval and a published notice whose period is over."""
    services.application_review(user=cast.staff_a, application=app)
    services.application_approve(user=cast.chair_a, application=app)
    app.refresh_from_db()
    if app.status == app.Status.COUNTY:
        services.application_approve(user=cast.county_user, application=app)
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    notice = services.notice_create(
        user=cast.chair_a,
        programme=app.programme,
        unit=cast.town_a,
        applications=[app],
        start_date=start,
        end_date=start + datetime.timedelta(days=7),
    )
    services.notice_publish(user=cast.chair_a, notice=notice)
    app.refresh_from_db()
    return app
