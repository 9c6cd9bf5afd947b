"""What the screening forms pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from fulian.core import pickers
from fulian.core.scoping import visible
from fulian.orgs.models import Level, OrgUnit
from fulian.orgs.selectors import unit_label, unit_pick_search, with_parent_name
from fulian.people.models import Person
from fulian.people.selectors import person_label, person_search, pickable_people

CHANGE = "health.change"


def women(user):
    """Women in her scope (the screenings are for women)."""
    return pickable_people(user, CHANGE, gender=Person.Gender.FEMALE)


def villages(user, within: str | None = None):
    """Villages in her scope; with `within`, only those under that unit (a campaign's organiser, which may
    lie above her scope: it only narrows what she may see anyway)."""
    qs = visible(user, OrgUnit, CHANGE).filter(level=Level.VILLAGE, active_until__isnull=True)
    if within is not None:
        key = str(within)
        found = OrgUnit.objects.filter(pk=key) if key.isdigit() else OrgUnit.objects.none()
        parent = found.values_list("path", flat=True).first()
        qs = qs.filter(path__startswith=parent) if parent else qs.none()
    return with_parent_name(qs).order_by("path")


def register() -> None:
    pickers.register("health-woman", capability=CHANGE, rows=women, search=person_search, label=person_label)
    pickers.register(
        "health-village",
        capability=CHANGE,
        rows=villages,
        search=unit_pick_search,
        label=unit_label,
        placeholder="输入村(社区)名称、拼音或首字母查找",
        params=("within",),
    )
