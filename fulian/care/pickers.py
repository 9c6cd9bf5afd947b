"""What the pairing ledger's forms pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from fulian.core import pickers
from fulian.core.scoping import visible
from fulian.people.models import Person
from fulian.people.selectors import person_label, person_search

from .forms import minors, persons
from .models import Pairing, Volunteer

CHANGE = "care.change"


def volunteer_candidates(user):
    """People in her scope who are not volunteers yet."""
    return persons(user).exclude(volunteer__isnull=False)


def active_volunteers(user):
    return (
        visible(user, Volunteer, CHANGE)
        .filter(left_on__isnull=True)
        .select_related("person", "person__village")
        .order_by("person__name_pinyin", "id")
    )


def unpaired_children(user):
    """Minors in her scope without an ongoing pairing."""
    active = Pairing.objects.filter(ended_on__isnull=True).values("child_id")
    return minors(user).exclude(pk__in=active)


def volunteer_search(*, user, qs, q: str):
    """Volunteers whose person matches the typed text as the registry's search reads it."""
    found = person_search(user=user, qs=Person.objects.all(), q=q).values("pk")
    return qs.filter(person__in=found)


def volunteer_label(volunteer: Volunteer) -> str:
    return f"{person_label(volunteer.person)} · {volunteer.get_kind_display()}"


def register() -> None:
    pickers.register(
        "care-volunteer-person",
        capability=CHANGE,
        rows=volunteer_candidates,
        search=person_search,
        label=person_label,
    )
    pickers.register(
        "care-volunteer",
        capability=CHANGE,
        rows=active_volunteers,
        search=volunteer_search,
        label=volunteer_label,
    )
    pickers.register(
        "care-child", capability=CHANGE, rows=unpaired_children, search=person_search, label=person_label
    )
