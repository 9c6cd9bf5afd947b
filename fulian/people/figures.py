"""The records behind each registry figure (fulian/core/traces.py): the persons and category links
`selectors.figures` counts, from the same querysets (`selectors.registry_rows`); names masked unless the
user may unmask personal data on the person's village."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from fulian.core.traces import Column, Part, Trace, person

from . import selectors
from .models import Person

PERSON_COLUMNS = (
    person("姓名", lambda p: p.name, unmask=selectors.UNMASK, path="village_path"),
    Column("性别", lambda p: p.get_gender_display()),
    Column("村(社区)", lambda p: p.village.name),
    Column("登记时间", lambda p: p.created_at.date()),
)
LINK_COLUMNS = (
    person("姓名", lambda link: link.person.name, unmask=selectors.UNMASK, path="person.village_path"),
    Column("村(社区)", lambda link: link.person.village.name),
    Column("类别", lambda link: link.category.name),
    Column("认定日期", lambda link: link.added_on),
)


def _person_url(p) -> str:
    return reverse("people:detail", args=[p.pk])


def records(key: str, *, user, unit, start, end) -> Trace | None:
    persons, links, adult_born = selectors.registry_rows(user=user, unit=unit, end=end)
    persons = persons.select_related("village").order_by("village_path", "id")
    if key.startswith("people.category."):
        rows = links.filter(category__code=key.removeprefix("people.category."))
        rows = rows.select_related("person__village", "category").order_by("person__village_path", "id")
        return Trace(
            key,
            [Part("服务对象", rows, LINK_COLUMNS, "distinct:person", lambda link: _person_url(link.person))],
        )
    condition = {
        "people.total": Q(),
        "people.women": Q(gender=Person.Gender.FEMALE),
        "people.minors": Q(birth_date__gt=adult_born),
        "people.new": Q(created_at__gte=selectors.day_start(start)) if start else None,
    }.get(key)
    if condition is None:
        return None
    return Trace(key, [Part("服务对象", persons.filter(condition), PERSON_COLUMNS, url=_person_url)])
