"""Who may do what in honours: the app's one capability table; see fulian/core/roles.py.
A village or a town nominates; the unit that runs a campaign reviews, posts the 公示 and awards; the
county edits the kinds of honour and their rules."""

from fulian.core.roles import Role

VIEW = "honours.view"
NOMINATE = "honours.nominate"
REVIEW = "honours.review"
KINDS = "honours.kinds"

CAPABILITIES = {
    VIEW: "查看评选表彰、推荐对象和荣誉",
    NOMINATE: "推荐评选对象，登记获得的荣誉",
    REVIEW: "组织评选：名额、审核推荐对象、公示、表彰和证书",
    KINDS: "设置荣誉称号及其评选条件",
}

GRANTS = {
    Role.ADMIN: {VIEW, NOMINATE, REVIEW, KINDS},
    Role.COUNTY_STAFF: {VIEW, NOMINATE, REVIEW, KINDS},
    Role.TOWN_CHAIR: {VIEW, NOMINATE, REVIEW},
    Role.TOWN_STAFF: {VIEW, NOMINATE},
    Role.VILLAGE_CHAIR: {VIEW, NOMINATE},
    Role.COMMITTEE_MEMBER: {VIEW},
    Role.ASSESSOR: {VIEW},
}
