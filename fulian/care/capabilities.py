"""Who may do what in care: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "care.view"
CHANGE = "care.change"
VISIT = "care.visit"

CAPABILITIES = {
    VIEW: "查看结对关爱",
    CHANGE: "登记爱心妈妈与结对",
    VISIT: "登记走访",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, VISIT},
    Role.COUNTY_STAFF: {VIEW, CHANGE, VISIT},
    Role.TOWN_CHAIR: {VIEW, CHANGE, VISIT},
    Role.TOWN_STAFF: {VIEW, CHANGE, VISIT},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE, VISIT},
    Role.COMMITTEE_MEMBER: {VIEW, VISIT},
    Role.ASSESSOR: {VIEW},
    Role.VOLUNTEER: {VIEW, VISIT},
}
