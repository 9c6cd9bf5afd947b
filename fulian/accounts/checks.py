"""Start-up check of the accounts policy: every role has a rank. A role missing from ROLE_RANK could be
granted by nobody but a superuser, silently; this makes it an error of `manage.py check` (and of migrate,
runserver and the test run)."""

from __future__ import annotations

from django.core.checks import Error

from fulian.core.roles import Role

from . import policy


def role_ranks(app_configs=None, **kwargs) -> list[Error]:
    errors = [
        Error(
            f"角色“{role.label}”（{role.value}）不在 fulian/accounts/policy.py 的 ROLE_RANK 中："
            "除超级用户外，没有人能授予这个角色。",
            hint="在 ROLE_RANK 中给它一个级别：数字越小级别越高，管理员可授予同级或更低级别的角色。",
            id="accounts.E001",
        )
        for role in Role
        if role.value not in policy.ROLE_RANK
    ]
    errors += [
        Error(
            f"ROLE_RANK 中的 {value!r} 不是角色（角色见 fulian/core/roles.py 的 Role）。",
            id="accounts.E002",
        )
        for value in policy.ROLE_RANK
        if value not in Role.values
    ]
    return errors
