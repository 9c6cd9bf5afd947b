"""Who may do what in reports: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "reports.view"
SUMMARY = "reports.summary"
PLAN_CHANGE = "reports.plan_change"

CAPABILITIES = {
    VIEW: "查看统计报表、数据看板、目标任务",
    SUMMARY: "生成、编辑工作总结",
    PLAN_CHANGE: "制定目标任务",
}

GRANTS = {
    Role.ADMIN: {VIEW, SUMMARY, PLAN_CHANGE},
    Role.COUNTY_STAFF: {VIEW, SUMMARY, PLAN_CHANGE},
    Role.TOWN_CHAIR: {VIEW, SUMMARY, PLAN_CHANGE},
    Role.TOWN_STAFF: {VIEW, SUMMARY, PLAN_CHANGE},
    Role.VILLAGE_CHAIR: {VIEW, SUMMARY},
}
