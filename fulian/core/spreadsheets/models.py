"""An import job: one uploaded sheet on its way from upload to preview to written rows. Every step runs in
the background task worker (the web request only stores the upload); the row keeps status, progress and
a heartbeat, so the user can leave and come back, and a job whose worker died is failed (fulian.core.jobs).

The upload holds personal data: it is stored readable by the server's own user only (0600, folders 0700),
and deleted as soon as the job ends in any state, or by the clean-up after the retention period."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from fulian.core.fields import recorded_at, table, tree_path, unit_link
from fulian.core.scoping import scope_rule


def private_storage():
    """Where uploads wait for their job: MEDIA_ROOT with owner-only permissions (STORAGES["imports"]
    replaces it where a deployment wants another storage)."""
    if "imports" in settings.STORAGES:
        from django.core.files.storage import storages

        return storages["imports"]
    return FileSystemStorage(file_permissions_mode=0o600, directory_permissions_mode=0o700)


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        VALIDATING = "validating", "正在检查"
        VALIDATED = "validated", "待确认"
        COMMITTING = "committing", "正在写入"
        DONE = "done", "已完成"
        REJECTED = "rejected", "未写入"
        FAILED = "failed", "出错"
        CANCELLED = "cancelled", "已取消"
        EXPIRED = "expired", "已过期"

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.COMMITTING)
    CANCELLABLE = (Status.QUEUED, Status.VALIDATING, Status.VALIDATED)
    ENDED = (Status.DONE, Status.REJECTED, Status.FAILED, Status.CANCELLED, Status.EXPIRED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.CASCADE, related_name="import_jobs"
    )
    spec = models.CharField("导入类型", max_length=50)
    unit = unit_link("导入到")
    unit_path = tree_path()
    file = models.FileField("文件", upload_to="imports/%Y/%m/", max_length=255, storage=private_storage)
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("文件大小", default=0)
    strict = models.BooleanField("严格模式", default=False, help_text="有任何错误行时一行也不写入")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("预计行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    good_rows = models.PositiveIntegerField("正确行数", default=0)
    bad_rows = models.PositiveIntegerField("错误行数", default=0)
    written_rows = models.PositiveIntegerField("已写入行数", default=0)
    error_count = models.PositiveIntegerField("错误条数", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)  # capped: see engine.error_cap()
    preview = models.JSONField("预览", default=list, blank=True)
    message = models.CharField("说明", max_length=500, blank=True, default="")
    created_at = recorded_at("上传时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Set when the worker takes up a step (checking, writing) and renewed while it runs; empty while the
    # job waits in the queue. A running step whose heartbeat is older than the timeout has died.
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    retry_of = models.ForeignKey(
        "self", verbose_name="重新上传自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path_field = "unit_path"

    Meta = table(
        "导入任务",
        ordering=["-created_at", "-id"],
        indexes=[models.Index(fields=["user", "-created_at"], name="importjob_user_created")],
    )

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def is_waiting(self) -> bool:
        """Queued for a step the worker has not taken up yet."""
        return self.is_running and self.heartbeat_at is None

    @property
    def can_cancel(self) -> bool:
        return self.status in self.CANCELLABLE

    @property
    def can_retry(self) -> bool:
        return self.status in self.ENDED and self.status != self.Status.DONE

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.is_running else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def spec_title(self) -> str:
        from .spec import _IMPORTS

        spec = _IMPORTS.get(self.spec)
        return spec.title if spec else self.spec

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)


@scope_rule(ImportJob)
def _own_jobs(scope, qs, capability):
    """A job and its file (personal data) are seen by the person who uploaded it, and nobody else."""
    if not scope.is_authenticated:
        return qs.none()
    return qs.filter(user=scope.user)
