"""Who may do what in the office: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "office.view"
CHANGE = "office.change"
SEND = "office.notice_send"
READ = "office.notice_read"

CAPABILITIES = {
    VIEW: "查看收发文登记",
    CHANGE: "登记收发文、编发文字号",
    SEND: "向管辖范围内的单位和人员发送通知、查看回执",
    READ: "接收和阅读通知、报名参会",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, SEND, READ},
    Role.COUNTY_STAFF: {VIEW, CHANGE, SEND, READ},
    Role.TOWN_CHAIR: {VIEW, CHANGE, SEND, READ},
    Role.TOWN_STAFF: {VIEW, CHANGE, SEND, READ},
    Role.VILLAGE_CHAIR: {VIEW, SEND, READ},
    Role.COMMITTEE_MEMBER: {READ},
    Role.ASSESSOR: {READ},
    Role.CASE_WORKER: {READ},
    Role.VOLUNTEER: {READ},
}
