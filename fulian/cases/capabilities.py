"""Page-level capabilities of rights-protection cases. Which cases a holder actually reaches is decided
per case by `rules.case_rule`: town staff hold `cases.view` only to reach cases opened in an emergency
(break-the-glass). `cases.stats` is counts only (suppressed at village level): county staff never see a
case itself. The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "cases.view"
CREATE = "cases.create"
CHANGE = "cases.change"
EXPORT = "cases.export"
ASSIGN = "cases.assign"
BREAK_GLASS = "cases.break_glass"
STATS = "cases.stats"

CAPABILITIES = {
    VIEW: "查看维权案件（仅本人承办或紧急调阅的）",
    CREATE: "登记维权来访和案件",
    CHANGE: "办理维权案件",
    EXPORT: "导出维权案件",
    ASSIGN: "指派维权承办人",
    BREAK_GLASS: "紧急调阅维权案件（事后由主席审阅）",
    STATS: "查看维权统计（小数值隐去）",
}

GRANTS = {
    Role.ADMIN: {STATS},
    Role.COUNTY_STAFF: {STATS},
    Role.TOWN_CHAIR: {VIEW, CREATE, CHANGE, EXPORT, ASSIGN, BREAK_GLASS, STATS},
    Role.TOWN_STAFF: {VIEW, BREAK_GLASS, STATS},
    Role.CASE_WORKER: {VIEW, CREATE, CHANGE, EXPORT, BREAK_GLASS},
}
