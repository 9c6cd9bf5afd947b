"""Who may manage which accounts and grant which memberships (the accounts part of the policy).

- A manager is a user whose role grants "accounts.manage" (admin, county_staff, town_chair) on a unit;
  the grant covers the unit's subtree, like every grant.
- Roles are ranked (ROLE_RANK). A membership (unit, role) may be granted or ended by a manager when the
  unit lies inside one of her manager grants AND the role ranks no higher than the role of that grant:
  a town chair can appoint another town chair, staff, village chairs … inside her town, but never an
  admin or county staff; county staff never an admin. Superusers may grant anything.
- Managing the account itself (edit 姓名/手机号, reset the password, deactivate) needs more: every active
  membership of the user must be one the manager could have granted, so a town chair can never take
  over a county admin who also holds a post in her town. A user without active memberships is managed
  by whoever created her, or by a manager of a unit where she held a post. Nobody manages herself here
  (she uses 修改密码), and only superusers manage superusers.
- Visibility (the user list, 404 otherwise): users who hold or held a membership inside the manager's
  subtree, and users she created. Superusers see everyone.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fulian.core.roles import Role
from fulian.core.scoping import scope_for

CAPABILITY = "accounts.manage"

# Lower is higher. Roles of the same rank may grant each other.
ROLE_RANK: dict[str, int] = {
    Role.ADMIN: 0,
    Role.COUNTY_STAFF: 1,
    Role.TOWN_CHAIR: 2,
    Role.TOWN_STAFF: 3,
    Role.VILLAGE_CHAIR: 4,
    Role.ASSESSOR: 4,
    Role.CASE_WORKER: 4,
    Role.COMMITTEE_MEMBER: 5,
    Role.VOLUNTEER: 5,
}


def _manager_grants(manager) -> list[tuple[str, int]]:
    """(unit path, rank) of each of the manager's grants of accounts.manage."""
    from fulian.core.roles import role_grants

    return [
        (m.unit.path, ROLE_RANK[m.role])
        for m in scope_for(manager).memberships
        if role_grants(m.role, CAPABILITY) and m.unit.active_until is None
    ]


def can_grant(manager, unit, role: str) -> bool:
    """Whether the manager may add (or end) a membership with this role on this unit."""
    scope = scope_for(manager)
    if scope.is_superuser:
        return True
    rank = ROLE_RANK.get(role)
    if rank is None:
        return False
    return any(unit.path.startswith(path) and rank >= r for path, r in _manager_grants(manager))


def grantable_roles(manager) -> list[tuple[str, str]]:
    """The role choices the manager may grant somewhere (the form's choices)."""
    if scope_for(manager).is_superuser:
        return list(Role.choices)
    grants = _manager_grants(manager)
    best = min((r for _, r in grants), default=None)
    if best is None:
        return []
    return [(value, label) for value, label in Role.choices if ROLE_RANK[value] >= best]


def users_visible_to(manager) -> QuerySet:
    """The users the manager may find: posts inside her subtree (past or present) or created by her."""
    from fulian.accounts.models import User
    from fulian.orgs.models import Membership

    scope = scope_for(manager)
    if scope.is_superuser:
        return User.objects.all()
    if not scope.has(CAPABILITY):
        return User.objects.none()
    holders = Membership.objects.filter(scope.q(CAPABILITY, "unit__path")).values("user_id")
    return User.objects.filter(Q(pk__in=holders) | Q(created_by=manager))


def can_manage_account(manager, user) -> bool:
    """Whether the manager may edit, reset the password of, or (de)activate this account."""
    scope = scope_for(manager)
    if user.pk == manager.pk:
        return False
    if scope.is_superuser:
        return True
    if user.is_superuser or not scope.has(CAPABILITY):
        return False
    memberships = list(user.memberships.select_related("unit"))
    active = [m for m in memberships if m.is_active]
    if active:
        return all(can_grant(manager, m.unit, m.role) for m in active)
    return user.created_by_id == manager.pk or any(scope.covers(CAPABILITY, m.unit.path) for m in memberships)
