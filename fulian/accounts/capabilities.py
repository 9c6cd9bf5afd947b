"""Who may manage accounts, and who may read the role × capability matrix. Which accounts and roles a
manager reaches is decided by `policy.py` (ROLE_RANK). The app's one capability table; see
fulian/core/roles.py."""

from fulian.core.roles import Role

MANAGE = "accounts.manage"
ROLES = "accounts.roles"

CAPABILITIES = {
    MANAGE: "管理辖区内的用户与任职",
    ROLES: "查看角色与权限对照表",
}

GRANTS = {
    Role.ADMIN: {MANAGE, ROLES},
    Role.COUNTY_STAFF: {MANAGE},
    Role.TOWN_CHAIR: {MANAGE},
}
