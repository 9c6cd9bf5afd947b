from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fulian.accounts"
    label = "accounts"
    verbose_name = "用户"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.core import checks as django_checks

        from fulian.core.navigation import register

        from . import checks
        from .models import ApiToken, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
        register("用户管理", "accounts:user_list", "accounts.manage", 80, group="system")
        register("角色与权限", "accounts:roles", "accounts.roles", 81, group="system")
        django_checks.register(checks.role_ranks)
