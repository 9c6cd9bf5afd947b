"""Who may see and change the organisation tree. The tree itself is not sensitive, but volunteers and case
workers work on their own records only and have no reason to browse it. The app's one capability table;
see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "orgs.view"
CHANGE = "orgs.change"
FEDERATION_CHANGE = "orgs.federation_change"
ZONE_CHANGE = "orgs.zone_change"

CAPABILITIES = {
    VIEW: "查看组织机构树",
    CHANGE: "修改组织机构（单位、撤并）",
    FEDERATION_CHANGE: "维护妇联成员（主席、副主席、执委）",
    ZONE_CHANGE: "划分片区",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, FEDERATION_CHANGE, ZONE_CHANGE},
    Role.COUNTY_STAFF: {VIEW, CHANGE, FEDERATION_CHANGE, ZONE_CHANGE},
    Role.TOWN_CHAIR: {VIEW, CHANGE, FEDERATION_CHANGE, ZONE_CHANGE},
    Role.TOWN_STAFF: {VIEW, CHANGE, FEDERATION_CHANGE, ZONE_CHANGE},
    Role.VILLAGE_CHAIR: {VIEW, FEDERATION_CHANGE},
    Role.COMMITTEE_MEMBER: {VIEW},
    Role.ASSESSOR: {VIEW},
}
