"""Objects for honours tests: kinds from the starter set, campaigns of the county, people in villages."""

from __future__ import annotations

import datetime

from fulian.honours import services
from fulian.honours.models import Campaign, HonourKind, HonourLevel


def kind(name: str) -> HonourKind:
    return HonourKind.objects.get(name=name)


def make_person(village, name="张晓丽", *, gender="F"):
    from fulian.people.services import person_build

    person = person_build(name=name, birth_date=datetime.date(1980, 5, 1), village=village, gender=gender)
    person.save()
    return person


def make_campaign(
    cast, name="三八红旗手", *, level=HonourLevel.COUNTY, year=2027, close=None, **kw
) -> Campaign:
    return services.campaign_create(
        user=cast.county_user,
        kind=kind(name),
        year=year,
        level=level,
        unit=cast.county,
        nominations_close=close or datetime.date(year, 12, 31),
        **kw,
    )
