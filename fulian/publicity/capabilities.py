"""Who may do what in the publicity register: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "publicity.view"
CHANGE = "publicity.change"

CAPABILITIES = {
    VIEW: "查看宣传稿件与采用情况",
    CHANGE: "登记宣传稿件、报送与采用",
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
