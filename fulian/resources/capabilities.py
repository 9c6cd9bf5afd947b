"""Who may do what with resources, projects and services handled (资源、项目与代办服务): the app's one
capability table; see fulian/core/roles.py. Money is received and given out by the county and the towns;
a village chair records the services she handles for women of her village and the pairings she joins."""

from fulian.core.roles import Role

VIEW = "resources.view"
FUNDS = "resources.funds"
CHANGE = "resources.change"

CAPABILITIES = {
    VIEW: "查看捐赠资金物资、项目与基地、结对共建和代办服务",
    FUNDS: "登记捐赠收入和使用、作废记录、出具捐赠收据",
    CHANGE: "登记代办服务、项目与基地、结对共建",
}

GRANTS = {
    Role.ADMIN: {VIEW, FUNDS, CHANGE},
    Role.COUNTY_STAFF: {VIEW, FUNDS, CHANGE},
    Role.TOWN_CHAIR: {VIEW, FUNDS, CHANGE},
    Role.TOWN_STAFF: {VIEW, FUNDS, CHANGE},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE},
    Role.COMMITTEE_MEMBER: {VIEW},
    Role.ASSESSOR: {VIEW},
}
