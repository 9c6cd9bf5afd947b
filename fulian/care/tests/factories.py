"""Test data of the pairing ledger, consistent with the cast (a person's village decides her path)."""

from __future__ import annotations

import datetime

from fulian.care.models import Pairing, Visit, VisitFrequency, Volunteer
from fulian.core.idcard import make_id_number
from fulian.people.models import Person


def make_person(village, name: str, birth_date: datetime.date, gender: str = "F") -> Person:
    return Person.objects.create(
        name=name, birth_date=birth_date, gender=gender, village=village, village_path=village.path
    )


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - datetime.timedelta(days=days)


def make_volunteer(village, name: str = "周芳", user=None, **extra) -> Volunteer:
    person = make_person(village, name, years_ago(40))
    return Volunteer.objects.create(
        person=person,
        user=user,
        village=village,
        registered_on=extra.pop("registered_on", years_ago(1)),
        **extra,
    )


def make_pairing(volunteer, child, *, started_on=None, frequency=VisitFrequency.MONTHLY, **extra) -> Pairing:
    started_on = started_on or years_ago(0, days=100)
    return Pairing.objects.create(
        volunteer=volunteer,
        child=child,
        village=child.village,
        started_on=started_on,
        reason=extra.pop("reason", "父母外出务工"),
        frequency=frequency,
        next_visit_due=extra.pop("next_visit_due", started_on + datetime.timedelta(days=int(frequency))),
        **extra,
    )


def make_visit(pairing, visited_on, **extra) -> Visit:
    return Visit.objects.create(
        pairing=pairing,
        village=pairing.village,
        visited_on=visited_on,
        notes=extra.pop("notes", "上门看望"),
        **extra,
    )


def ago(days: int) -> str:
    """The day `days` ago as a sheet cell holds it, e.g. 2026-11-29."""
    return (datetime.date.today() - datetime.timedelta(days=days)).isoformat()


def with_id(person: Person, sequence: int) -> str:
    """Give a registry person a valid ID number (from her birth date) and return it."""
    person.id_number = make_id_number("511781", person.birth_date, sequence)
    person.save()
    return person.id_number
