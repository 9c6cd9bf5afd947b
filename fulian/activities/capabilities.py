"""Who may see and record activities. The managed lists (types, outside bodies, quantity kinds) are shared
by the whole county: towns may add to them; only the county sets where a type goes in the annual summary
(`activities.types`). The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "activities.view"
CHANGE = "activities.change"
LISTS = "activities.lists"
TYPES = "activities.types"

CAPABILITIES = {
    VIEW: "查看活动台账",
    CHANGE: "登记、修改活动",
    LISTS: "添加活动类型、协办部门、数量项目",
    TYPES: "设置活动类型的工作领域和总结标题",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, LISTS, TYPES},
    Role.COUNTY_STAFF: {VIEW, CHANGE, LISTS, TYPES},
    Role.TOWN_CHAIR: {VIEW, CHANGE, LISTS},
    Role.TOWN_STAFF: {VIEW, CHANGE, LISTS},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE},
    Role.COMMITTEE_MEMBER: {VIEW, CHANGE},
    Role.ASSESSOR: {VIEW},
}
