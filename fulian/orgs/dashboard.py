"""The org tree's counts for the home page and sub-unit tables (registered from OrgsConfig.ready())."""

from fulian.core.dashboard import count_by_subunit, register_stat
from fulian.core.scoping import visible
from fulian.core.tree import active_q

from .models import Level, OrgUnit


def _active_units_of_level(level: int):
    def fn(user, units):
        qs = visible(user, OrgUnit, "orgs.view").filter(active_q(), level=level)
        return count_by_subunit(qs, "path", units)

    return fn


def register() -> None:
    register_stat(
        "villages", "村/社区", _active_units_of_level(Level.VILLAGE), capability="orgs.view", order=10
    )
    register_stat("groups", "村民小组", _active_units_of_level(Level.GROUP), capability="orgs.view", order=20)
