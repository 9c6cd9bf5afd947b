from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fulian.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from fulian.core.navigation import register

        from .context import fill_actor

        pre_save.connect(fill_actor, sender=LogEntry, dispatch_uid="fulian_audit_fill_actor")
        register("变更记录", "audit:change_list", "audit.view", 90, group="system")
        register("访问日志", "audit:access_list", "audit.view", 91, group="system")
