"""Roles (DOMAIN.md "Who uses it") and the capabilities each one grants.

A membership = (user, unit, role). What the role grants applies to the unit's whole subtree.
Capabilities are strings "<area>.<action>"; later apps add theirs with `grant()` in their AppConfig.ready(),
so this one table stays the single answer to "may this role do that".
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COUNTY_STAFF = "county_staff", "县/市妇联工作人员"
    TOWN_CHAIR = "town_chair", "乡镇/街道妇联主席"
    TOWN_STAFF = "town_staff", "乡镇/街道妇联专干"
    VILLAGE_CHAIR = "village_chair", "村(社区)妇联主席"
    COMMITTEE_MEMBER = "committee_member", "执委/妇女小组长"
    ASSESSOR = "assessor", "考核员"
    CASE_WORKER = "case_worker", "维权专员"
    VOLUNTEER = "volunteer", "志愿者/爱心妈妈"


STAFF_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.COUNTY_STAFF,
        Role.TOWN_CHAIR,
        Role.TOWN_STAFF,
        Role.VILLAGE_CHAIR,
        Role.COMMITTEE_MEMBER,
        Role.ASSESSOR,
    }
)

_CAPABILITIES: dict[str, set[str]] = {
    # The organisation tree itself is not sensitive, but volunteers and case workers work on their own
    # records only and have no reason to browse it.
    "orgs.view": set(STAFF_ROLES),
    "orgs.change": {Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF},
    "orgs.federation_change": {
        Role.ADMIN,
        Role.COUNTY_STAFF,
        Role.TOWN_CHAIR,
        Role.TOWN_STAFF,
        Role.VILLAGE_CHAIR,
    },
    "orgs.zone_change": {Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR, Role.TOWN_STAFF},
    "accounts.manage": {Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR},
    "audit.view": {Role.ADMIN, Role.COUNTY_STAFF, Role.TOWN_CHAIR},
    "home.view": {r.value for r in Role},
    # Reference lists shared by the whole county (activity types, hospitals …): any role may read them.
    "reference.view": {r.value for r in Role},
}


def grant(capability: str, roles) -> None:
    """Register (or extend) a capability. Apps call this from AppConfig.ready()."""
    _CAPABILITIES.setdefault(capability, set()).update(Role(r).value for r in roles)


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(_CAPABILITIES.get(capability, ()))


def role_grants(role: str, capability: str) -> bool:
    return role in _CAPABILITIES.get(capability, ())


def all_capabilities() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in _CAPABILITIES.items()}
