"""Who sees "我的导入" (the list of her own import jobs). Only the menu entry: each import checks its own
spec's capability. The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

JOBS = "spreadsheets.jobs"

CAPABILITIES = {
    JOBS: "查看本人的导入任务（“我的导入”菜单）",
}

GRANTS = {
    Role.ADMIN: {JOBS},
    Role.COUNTY_STAFF: {JOBS},
    Role.TOWN_CHAIR: {JOBS},
    Role.TOWN_STAFF: {JOBS},
    Role.VILLAGE_CHAIR: {JOBS},
}
