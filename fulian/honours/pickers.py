"""What the honours forms pick, searched as you type (fulian/core/pickers.py): registry people in scope."""

from __future__ import annotations

from fulian.core import pickers
from fulian.core.scoping import visible
from fulian.people.models import Person
from fulian.people.selectors import person_label, person_search

from .capabilities import NOMINATE


def people(user):
    return visible(user, Person, NOMINATE).filter(merged_into__isnull=True).select_related("village")


def register() -> None:
    pickers.register(
        "honours-person", capability=NOMINATE, rows=people, search=person_search, label=person_label
    )
