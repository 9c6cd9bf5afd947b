"""What the organisation-building forms pick, searched as you type (fulian/core/pickers.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from fulian.core import pickers
from fulian.core.scoping import visible
from fulian.orgs.models import FederationMember
from fulian.people.models import Person
from fulian.people.selectors import person_label, person_search, pickable_people


def women(user):
    """Registered women in her scope for running elections (the service checks age and unit)."""
    return pickable_people(user, "orgbuild.run", gender="F")


def people(user):
    return visible(user, Person, "orgbuild.change").filter(merged_into__isnull=True).select_related("village")


def cadres(user):
    """Posts held today in her scope."""
    today = timezone.localdate()
    return (
        visible(user, FederationMember, "orgbuild.change")
        .filter(term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("unit")
        .order_by("unit__path", "position", "id")
    )


def cadre_search(*, user, qs, q):
    return qs.filter(Q(name__icontains=q.strip()) | Q(unit__name__icontains=q.strip()))


def cadre_label(member) -> str:
    return f"{member.name}（{member.unit.name}·{member.get_position_display()}）"


def register() -> None:
    pickers.register(
        "orgbuild-woman", capability="orgbuild.run", rows=women, search=person_search, label=person_label
    )
    pickers.register(
        "orgbuild-person", capability="orgbuild.change", rows=people, search=person_search, label=person_label
    )
    pickers.register(
        "orgbuild-cadre",
        capability="orgbuild.change",
        rows=cadres,
        search=cadre_search,
        label=cadre_label,
        placeholder="输入姓名或单位查找",
    )
