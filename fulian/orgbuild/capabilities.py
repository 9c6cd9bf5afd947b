"""Who may do what in organisation building: the app's one capability table; see fulian/core/roles.py.
A town runs the elections of its villages and its own; a village chair runs her village's."""

from fulian.core.roles import Role

VIEW = "orgbuild.view"
RUN = "orgbuild.run"
CHANGE = "orgbuild.change"

CAPABILITIES = {
    VIEW: "查看换届选举、干部任职、干部培训和阵地",
    RUN: "组织换届（改建）：步骤、名额分配、候选人、计票、公布结果",
    CHANGE: "登记干部任免、干部培训和阵地",
}

GRANTS = {
    Role.ADMIN: {VIEW, RUN, CHANGE},
    Role.COUNTY_STAFF: {VIEW, RUN, CHANGE},
    Role.TOWN_CHAIR: {VIEW, RUN, CHANGE},
    Role.TOWN_STAFF: {VIEW, RUN, CHANGE},
    Role.VILLAGE_CHAIR: {VIEW, RUN, CHANGE},
    Role.COMMITTEE_MEMBER: {VIEW},
    Role.ASSESSOR: {VIEW},
}
