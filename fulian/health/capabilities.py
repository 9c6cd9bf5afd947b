"""Who may see and record screenings. Results are sensitive health data (`health.results`): only those who
organise follow-up and 两癌救助 see them. The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "health.view"
CHANGE = "health.change"
CAMPAIGN_CHANGE = "health.campaign_change"
RESULTS = "health.results"

CAPABILITIES = {
    VIEW: "查看两癌筛查",
    CHANGE: "登记筛查人员和村级人数",
    CAMPAIGN_CHANGE: "设立筛查活动、维护医院",
    RESULTS: "查看、填写筛查结果（健康信息）",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, CAMPAIGN_CHANGE, RESULTS},
    Role.COUNTY_STAFF: {VIEW, CHANGE, CAMPAIGN_CHANGE, RESULTS},
    Role.TOWN_CHAIR: {VIEW, CHANGE, CAMPAIGN_CHANGE, RESULTS},
    Role.TOWN_STAFF: {VIEW, CHANGE, CAMPAIGN_CHANGE, RESULTS},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE},
    Role.ASSESSOR: {VIEW},
}
