"""What the forms of the app pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from fulian.core import pickers
from fulian.core.scoping import visible
from fulian.people.models import Person
from fulian.people.selectors import person_label, person_search

CHANGE = "resources.change"


def people(user):
    return (
        visible(user, Person, CHANGE)
        .filter(merged_into__isnull=True)
        .select_related("village")
        .order_by("name_pinyin", "id")
    )


def register() -> None:
    pickers.register(
        "resources-person", capability=CHANGE, rows=people, search=person_search, label=person_label
    )
