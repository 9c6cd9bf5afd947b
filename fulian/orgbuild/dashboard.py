"""Organisation building's count on the home page (registered from OrgbuildConfig.ready()).

在任执委: the members of each sub-unit's federation whose term covers today — chair, vice-chairs and 执委
(妇女代表 and 专干 are not 执委). A unit with no elected or entered roster shows 0, which is what a town
officer looks for before a 换届.
"""

from django.db.models import Q
from django.utils import timezone

from fulian.core.dashboard import count_by_subunit, register_stat
from fulian.core.scoping import visible
from fulian.orgs.models import FederationMember, Position

COMMITTEE = (Position.CHAIR, Position.VICE_CHAIR_FULL, Position.VICE_CHAIR_PART, Position.COMMITTEE)


def current_committee(user, units) -> dict[int, int]:
    today = timezone.localdate()
    qs = visible(user, FederationMember, "orgbuild.view").filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today), position__in=COMMITTEE, term_start__lte=today
    )
    return count_by_subunit(qs, "unit__path", units)


def register() -> None:
    register_stat("orgbuild.committee", "在任执委", current_committee, capability="orgbuild.view", order=30)
