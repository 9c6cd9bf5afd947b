"""Roles (docs/domain.md, "Who uses it") and the capabilities each one grants.

A membership = (user, unit, role). What the role grants applies to the unit's whole subtree.
Capabilities are strings "<area>.<action>". Each app declares its own in one table, `capabilities.py`:

    from fulian.core.roles import Role

    CAPABILITIES = {"aid.view": "查看救助项目与申请", ...}   # every capability of the app: what it allows
    GRANTS = {Role.ADMIN: {"aid.view", ...}, ...}            # role -> the app's capabilities it grants

`CoreConfig.ready()` collects every app's table (`load()`), so that this module stays the single answer to
"may this role do that". The start-up checks (`fulian/core/checks.py`, `fulian/accounts/checks.py`) report
a table that grants what it does not declare, a capability declared twice, and a role missing from the
accounts rank table. The whole role × capability matrix is on the page 角色与权限 (`accounts:roles`) and in
docs/roles.md (`manage.py capability_matrix --write`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .registry import discover


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COUNTY_STAFF = "county_staff", "县/市妇联工作人员"
    TOWN_CHAIR = "town_chair", "乡镇/街道妇联主席"
    TOWN_STAFF = "town_staff", "乡镇/街道妇联专干"
    VILLAGE_CHAIR = "village_chair", "村(社区)妇联主席"
    COMMITTEE_MEMBER = "committee_member", "执委/妇女小组长"
    ASSESSOR = "assessor", "考核员"
    CASE_WORKER = "case_worker", "维权专员"
    VOLUNTEER = "volunteer", "志愿者/爱心妈妈"


@dataclass(frozen=True)
class Capability:
    code: str
    label: str
    app: str  # the label of the app that declares it
    roles: frozenset[str]


_CAPABILITIES: dict[str, Capability] = {}
PROBLEMS: list[str] = []  # what load() found wrong in the tables, reported by the start-up check


def load() -> None:
    """(Re)build the table from every app's `capabilities.py` (called from CoreConfig.ready())."""
    declared: dict[str, tuple[str, str]] = {}
    granted: dict[str, set[str]] = {}
    problems: list[str] = []
    for config, module in discover("capabilities"):
        where = f"{config.name}.capabilities"
        for code, label in getattr(module, "CAPABILITIES", {}).items():
            if code in declared:
                problems.append(f"权限 {code} 在 {declared[code][0]} 和 {config.label} 中重复声明")
                continue
            declared[code] = (config.label, label)
        for role, codes in getattr(module, "GRANTS", {}).items():
            if role not in Role.values:
                problems.append(
                    f"{where} 授予了不存在的角色 {role!r}（角色在 fulian/core/roles.py 的 Role 中定义）"
                )
                continue
            for code in codes:
                if declared.get(code, ("",))[0] != config.label:
                    problems.append(f"{where} 授予了未在本应用 CAPABILITIES 中声明的权限 {code}")
                granted.setdefault(code, set()).add(str(role))
    _CAPABILITIES.clear()
    for code, (app, label) in declared.items():
        _CAPABILITIES[code] = Capability(code, label, app, frozenset(granted.get(code, ())))
    for code in granted.keys() - declared.keys():
        _CAPABILITIES[code] = Capability(code, code, "", frozenset(granted[code]))
    PROBLEMS[:] = problems


def roles_with(capability: str) -> frozenset[str]:
    found = _CAPABILITIES.get(capability)
    return found.roles if found else frozenset()


def role_grants(role: str, capability: str) -> bool:
    found = _CAPABILITIES.get(capability)
    return found is not None and role in found.roles


def all_capabilities() -> dict[str, frozenset[str]]:
    """{capability: roles granting it} for every declared capability."""
    return {code: c.roles for code, c in _CAPABILITIES.items()}


def capabilities() -> list[Capability]:
    """Every capability in declaration order (apps in INSTALLED_APPS order): the rows of the matrix."""
    return list(_CAPABILITIES.values())
