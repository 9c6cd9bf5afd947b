"""What the employment forms pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from fulian.core import pickers
from fulian.people.selectors import person_label, person_search, pickable_people

CHANGE = "employment.change"


def people(user):
    return pickable_people(user, CHANGE)


def new_entrepreneurs(user):
    """People in her scope not yet registered as entrepreneurs."""
    return people(user).filter(entrepreneur__isnull=True)


def register() -> None:
    pickers.register(
        "employment-person", capability=CHANGE, rows=people, search=person_search, label=person_label
    )
    pickers.register(
        "employment-new-entrepreneur",
        capability=CHANGE,
        rows=new_entrepreneurs,
        search=person_search,
        label=person_label,
    )
