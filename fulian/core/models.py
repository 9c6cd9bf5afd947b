"""What every app shares: the access log of sensitive-data disclosures."""

from django.conf import settings
from django.db import models

from .fields import table


class AccessLog(models.Model):
    """Who saw (or exported, printed, unmasked) which sensitive record, when and from where.

    Separate from the change history (django-auditlog), which records writes. Rows are never edited.
    """

    class Action(models.TextChoices):
        VIEW = "view", "查看"
        UNMASK = "unmask", "显示完整信息"
        EXPORT = "export", "导出"
        PRINT = "print", "打印"
        BREAK_GLASS = "break_glass", "紧急调阅"
        SEARCH = "search", "按证件号查找"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    target_type = models.CharField("对象类型", max_length=50)
    target_id = models.CharField("对象编号", max_length=50, blank=True)
    target_label = models.CharField("对象", max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)

    scope_path_field = "unit_path"

    Meta = table(
        "访问日志",
        ordering=["-at", "-id"],
        indexes=[models.Index(fields=["target_type", "target_id"], name="accesslog_target")],
    )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.target_label}"
