"""What the forms of the app pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from fulian.core import pickers
from fulian.people.selectors import person_label, person_search, pickable_people

CHANGE = "resources.change"


def people(user):
    return pickable_people(user, CHANGE)


def register() -> None:
    pickers.register(
        "resources-person", capability=CHANGE, rows=people, search=person_search, label=person_label
    )
