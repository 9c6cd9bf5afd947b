"""Who may do what in indicators: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "indicators.view"
ENTER = "indicators.enter"
DEFINE = "indicators.define"

CAPABILITIES = {
    VIEW: "查看两纲监测指标",
    ENTER: "填报两纲监测数据",
    DEFINE: "定义两纲监测指标",
}

GRANTS = {
    Role.ADMIN: {VIEW, ENTER, DEFINE},
    Role.COUNTY_STAFF: {VIEW, ENTER, DEFINE},
    Role.TOWN_CHAIR: {VIEW, ENTER},
    Role.TOWN_STAFF: {VIEW, ENTER},
    Role.VILLAGE_CHAIR: {VIEW},
}
