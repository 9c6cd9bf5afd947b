"""Who may open the home page: every role (the page shows only what her other capabilities reach).
The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "home.view"
REFERENCE = "reference.view"

CAPABILITIES = {
    VIEW: "打开首页（本人辖区概览）",
    # Reference lists shared by the whole county (activity types, hospitals …): any role may read them.
    REFERENCE: "查看全县共用的参考列表（活动类型、医院等）",
}

GRANTS = {role: {VIEW, REFERENCE} for role in Role}
