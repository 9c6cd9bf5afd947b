"""Who may do what in aid: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "aid.view"
APPLY = "aid.apply"
REVIEW = "aid.review"
APPROVE = "aid.approve"
APPROVE_COUNTY = "aid.approve_county"
NOTICE = "aid.notice"
DISBURSE = "aid.disburse"
PROGRAMME_CHANGE = "aid.programme_change"

CAPABILITIES = {
    VIEW: "查看救助项目与申请",
    APPLY: "提交救助申请",
    REVIEW: "审核救助申请（乡镇初审）",
    APPROVE: "审批救助申请",
    APPROVE_COUNTY: "审批须报县级审批的救助申请",
    NOTICE: "发布公示、处理异议",
    DISBURSE: "登记救助发放",
    PROGRAMME_CHANGE: "设立、修改救助项目",
}

GRANTS = {
    Role.ADMIN: {VIEW, APPLY, REVIEW, APPROVE, APPROVE_COUNTY, NOTICE, DISBURSE, PROGRAMME_CHANGE},
    Role.COUNTY_STAFF: {VIEW, APPLY, REVIEW, APPROVE, APPROVE_COUNTY, NOTICE, DISBURSE, PROGRAMME_CHANGE},
    Role.TOWN_CHAIR: {VIEW, APPLY, REVIEW, APPROVE, NOTICE, DISBURSE, PROGRAMME_CHANGE},
    Role.TOWN_STAFF: {VIEW, APPLY, REVIEW, NOTICE, DISBURSE},
    Role.VILLAGE_CHAIR: {VIEW, APPLY, DISBURSE},
    Role.ASSESSOR: {VIEW},
}
