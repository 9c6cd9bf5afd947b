"""Who works with the registry of people served (docs/domain.md): town and village federations keep it;
the county sees it for aggregates; committee members look people up for their visits. Assessors, case
workers and volunteers reach people only through their own modules' rules. Full ID numbers, mobiles,
minors' addresses and sensitive categories (`people.unmask`) only for those who serve the person directly
and must contact or verify her; each disclosure is logged. Merging rewrites links across every module:
kept at town level. The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "people.view"
CHANGE = "people.change"
UNMASK = "people.unmask"
MERGE = "people.merge"

CAPABILITIES = {
    VIEW: "查看服务对象（脱敏）",
    CHANGE: "登记、修改服务对象",
    UNMASK: "查看完整身份证号等敏感信息（记入访问日志）",
    MERGE: "合并重复的服务对象",
}

GRANTS = {
    Role.ADMIN: {VIEW, CHANGE, MERGE},
    Role.COUNTY_STAFF: {VIEW},
    Role.TOWN_CHAIR: {VIEW, CHANGE, UNMASK, MERGE},
    Role.TOWN_STAFF: {VIEW, CHANGE, UNMASK, MERGE},
    Role.VILLAGE_CHAIR: {VIEW, CHANGE, UNMASK},
    Role.COMMITTEE_MEMBER: {VIEW},
}
