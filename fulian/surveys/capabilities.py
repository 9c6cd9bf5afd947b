"""Who may do what in surveys: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "surveys.view"
MANAGE = "surveys.manage"

CAPABILITIES = {
    VIEW: "查看问卷及结果",
    MANAGE: "设计问卷、生成链接",
}

GRANTS = {
    Role.ADMIN: {VIEW, MANAGE},
    Role.COUNTY_STAFF: {VIEW, MANAGE},
    Role.TOWN_CHAIR: {VIEW, MANAGE},
    Role.TOWN_STAFF: {VIEW, MANAGE},
    Role.ASSESSOR: {VIEW},
}
