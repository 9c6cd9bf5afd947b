"""Who may do what in employment: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "employment.view"
CHANGE = "employment.change"

CAPABILITIES = {
    VIEW: "查看创业就业台账",
    CHANGE: "登记培训、招聘会、创业者和贷款",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE},
    Role.COUNTY_STAFF: {VIEW, CHANGE},
    Role.TOWN_CHAIR: {VIEW, CHANGE},
    Role.TOWN_STAFF: {VIEW, CHANGE},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE},
    Role.COMMITTEE_MEMBER: {VIEW},
    Role.ASSESSOR: {VIEW},
}
