"""Who may read the change history and the access log (of records inside her grant). The app's one
capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "audit.view"

CAPABILITIES = {
    VIEW: "查看变更记录与访问日志",
}

GRANTS = {
    Role.ADMIN: {VIEW},
    Role.COUNTY_STAFF: {VIEW},
    Role.TOWN_CHAIR: {VIEW},
}
