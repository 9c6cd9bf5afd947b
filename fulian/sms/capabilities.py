"""Who may use the SMS platform (短信平台). The app's one capability table; see fulian/core/roles.py.

Sending costs money and reaches people's phones, so composing and sending is for the federation's staff and
chairs; a village chair sees what was sent to her village's people but sends nothing."""

from fulian.core.roles import Role

VIEW = "sms.view"
SEND = "sms.send"

CAPABILITIES = {
    VIEW: "查看短信及发送状态",
    SEND: "编写、预览和发送短信，维护模板、名单和退订",
}

GRANTS = {
    Role.ADMIN: {VIEW, SEND},
    Role.COUNTY_STAFF: {VIEW, SEND},
    Role.TOWN_CHAIR: {VIEW, SEND},
    Role.TOWN_STAFF: {VIEW, SEND},
    Role.VILLAGE_CHAIR: {VIEW},
}
