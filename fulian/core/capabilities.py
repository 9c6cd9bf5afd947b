"""Who may open the home page: every role (the page shows only what her other capabilities reach).
The app's one capability table; see fulian/core/roles.py."""

from fulian.core.roles import Role

VIEW = "home.view"

CAPABILITIES = {
    VIEW: "打开首页（本人辖区概览）",
}

GRANTS = {role: {VIEW} for role in Role}
