"""What supports or blocks a nomination: its files (事迹材料, photos, scanned forms) and the recorded
family-planning violations the county may make a veto (一票否决) of an honour kind.

Files are stored owner-readable only (the storage of the import uploads) and reached only through the
views, which check the nomination's scope; a file marked as holding personal data is logged when
downloaded. A violation record is sensitive: its account is encrypted at rest, the name is shown masked
on lists, and the check on a nomination names the rule, never the record.
"""

from __future__ import annotations

from django.db import models

from fulian.core.crypto import EncryptedTextField
from fulian.core.fields import recorded_at, table, tree_path, user_link
from fulian.core.spreadsheets.models import private_storage

from .models import Nomination


def nomination_file_path(instance: NominationFile, filename: str) -> str:
    return f"honours/nominations/{instance.nomination_id}/{filename}"


class NominationFile(models.Model):
    class Category(models.TextChoices):
        DEEDS = "deeds", "事迹材料"
        PHOTO = "photo", "照片"
        FORM = "form", "推荐表（扫描件）"
        OTHER = "other", "其他"

    nomination = models.ForeignKey(
        Nomination, verbose_name="推荐对象", on_delete=models.CASCADE, related_name="files"
    )
    category = models.CharField("类别", max_length=10, choices=Category.choices)
    file = models.FileField("文件", upload_to=nomination_file_path, max_length=255, storage=private_storage)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    personal = models.BooleanField("含个人信息", default=True, help_text="下载时记入访问日志")
    uploaded_by = user_link(editable=False)
    uploaded_at = recorded_at("上传时间")

    scope_path_field = "nomination__unit_path"

    Meta = table("推荐材料", ordering=["category", "id"])

    def __str__(self) -> str:
        return self.name


class FamilyPlanningRecord(models.Model):
    """A violation of the family-planning policy (违反计划生育政策), as decided by the competent
    department: the date of the decision and where it is recorded. Entered by the county or the town."""

    person = models.ForeignKey(
        "people.Person", verbose_name="当事人", on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField("处理决定日期")
    source = models.CharField("依据来源", max_length=100, help_text="如 县卫生健康局处理决定书及文号")
    account = EncryptedTextField("情况说明", blank=True, default="")
    unit_path = tree_path()
    entered_by = user_link(editable=False)
    entered_at = recorded_at()

    scope_path_field = "unit_path"

    Meta = table("违反计划生育政策记录", ordering=["-occurred_on", "-id"])

    def __str__(self) -> str:
        return f"违反计划生育政策记录 {self.occurred_on:%Y-%m-%d}"
