"""Who may do what in assessment: the app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "assessment.view"
MANAGE = "assessment.manage"
SELF_SCORE = "assessment.self_score"
SCORE = "assessment.score"

CAPABILITIES = {
    VIEW: "查看村级考核",
    MANAGE: "组织村级考核（细则、分组、互查、抽签、公布）",
    SELF_SCORE: "村级自评",
    SCORE: "考核评分",
}

GRANTS = {
    Role.ADMIN: {VIEW, MANAGE, SELF_SCORE, SCORE},
    Role.COUNTY_STAFF: {VIEW, MANAGE, SELF_SCORE, SCORE},
    Role.TOWN_CHAIR: {VIEW, MANAGE, SELF_SCORE, SCORE},
    Role.TOWN_STAFF: {VIEW, MANAGE, SELF_SCORE, SCORE},
    Role.VILLAGE_CHAIR: {VIEW, SELF_SCORE},
    Role.ASSESSOR: {VIEW, SCORE},
}
