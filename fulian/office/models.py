"""公文管理 and 通知: the documents register of a unit (sent out with its yearly number, received with the
sender's), and in-app notices to units, roles or lists of people with their read receipts, meeting
notices with sign-up and attendance.

A sent document takes the next number of its series (the issuing unit's prefix, 万妇发) for its year:
`NumberCounter` holds the last number given, one row per series and year, locked while a number is
taken (services/documents.py), so two users numbering at once get two numbers, one after the other,
and a document that fails to save gives its number back with its transaction (no gaps).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import path_index, recorded_at, table, tree_path, unique, unit_link, user_link
from fulian.core.ledgers import copy_unit_path

UNIT = "orgs.OrgUnit"
USER = "accounts.User"


class DocumentSeries(models.Model):
    """A numbering series of a unit: the prefix of its document numbers (万妇发, 竹妇发, 万妇函)."""

    unit = unit_link("发文单位")
    unit_path = tree_path()
    prefix = models.CharField("发文字号前缀", max_length=20, help_text="如 万妇发、万妇函")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如 发文、函")
    is_active = models.BooleanField("启用", default=True)

    scope_path_field = "unit_path"

    Meta = table(
        "发文字号",
        ordering=["unit_path", "prefix"],
        constraints=[unique("prefix", name="office_series_prefix_once", message="该发文字号前缀已被使用")],
    )

    def __str__(self) -> str:
        return self.prefix

    def save(self, *args, **kwargs):
        copy_unit_path(self, "unit", "unit_path")
        super().save(*args, **kwargs)

    def number_text(self, year: int, seq: int) -> str:
        return f"{self.prefix}〔{year}〕{seq}号"


class NumberCounter(models.Model):
    """The last number given in a series for a year (locked with SELECT … FOR UPDATE while numbering)."""

    series = models.ForeignKey(DocumentSeries, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    scope_path_field = "series__unit_path"

    Meta = table(
        "文号计数",
        constraints=[unique("series", "year", name="office_counter_once")],
    )

    def __str__(self) -> str:
        return f"{self.series}〔{self.year}〕{self.last}"


class Direction(models.TextChoices):
    SENT = "sent", "发文"
    RECEIVED = "received", "收文"


def document_file_path(instance: Document, filename: str) -> str:
    return f"office/{instance.dated_on:%Y/%m}/{filename}"


class Document(models.Model):
    direction = models.CharField("收发", max_length=10, choices=Direction.choices)
    unit = unit_link("登记单位")
    unit_path = tree_path()
    series = models.ForeignKey(
        DocumentSeries,
        verbose_name="发文字号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200)
    dated_on = models.DateField("成文日期")
    source = models.CharField("来文单位", max_length=100, blank=True)
    recipients = models.CharField("主送/抄送", max_length=300, blank=True)
    attachment = models.FileField("附件", upload_to=document_file_path, blank=True, max_length=255)
    note = models.TextField("备注", blank=True)
    created_by = user_link(blank=True)
    created_at = recorded_at(None)

    scope_path_field = "unit_path"

    Meta = table(
        "公文",
        ordering=["-dated_on", "-id"],
        constraints=[
            unique(
                "series",
                "year",
                "seq",
                name="office_document_number_once",
                message="该文号已被使用",
                condition=Q(seq__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(direction="received")
                | Q(series__isnull=False, year__isnull=False, seq__isnull=False),
                name="office_sent_has_number",
            ),
        ],
        indexes=[path_index("unit_path", "dated_on", "office_doc_path_date")],
    )

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        copy_unit_path(self, "unit", "unit_path")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.direction == Direction.RECEIVED and not self.source:
            raise ValidationError({"source": "请填写来文单位"})


class NoticeKind(models.TextChoices):
    NOTICE = "notice", "通知"
    MEETING = "meeting", "会议通知"


class Notice(models.Model):
    """An in-app notice from a unit to people within its scope; a meeting notice takes sign-ups and
    attendance. Those above the sending unit and its own senders see the receipts."""

    unit = unit_link("发送单位")
    unit_path = tree_path()
    kind = models.CharField("类别", max_length=10, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    title = models.CharField("标题", max_length=150)
    body = models.TextField("正文")
    sent_by = models.ForeignKey(USER, verbose_name="发送人", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("发送时间")
    meeting_at = models.DateTimeField("会议时间", null=True, blank=True)
    place = models.CharField("会议地点", max_length=100, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name="相关公文",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    training = models.OneToOneField(
        "orgbuild.CadreTraining",
        verbose_name="干部培训记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_notice",
        help_text="以会代训：会议的出席名单记入这次培训（services/training.py）",
    )

    scope_path_field = "unit_path"

    Meta = table(
        "通知",
        ordering=["-sent_at", "-id"],
        constraints=[
            models.CheckConstraint(
                condition=Q(kind="notice") | Q(meeting_at__isnull=False), name="office_meeting_has_time"
            )
        ],
    )

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        copy_unit_path(self, "unit", "unit_path")
        super().save(*args, **kwargs)


class Receipt(models.Model):
    """One recipient of a notice: when she read it, signed up for the meeting, and whether she came."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(USER, verbose_name="接收人", on_delete=models.CASCADE, related_name="+")
    unit = unit_link("所在单位")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    signed_up_at = models.DateTimeField("报名时间", null=True, blank=True)
    attended = models.BooleanField("出席", null=True, blank=True)

    scope_path_field = "notice__unit_path"

    Meta = table(
        "通知回执",
        ordering=["unit__path", "id"],
        constraints=[unique("notice", "user", name="office_receipt_once")],
        indexes=[models.Index(fields=["user", "read_at"], name="office_receipt_unread")],
    )

    def __str__(self) -> str:
        return f"{self.notice} → {self.user}"


class RecipientList(models.Model):
    """A saved recipient selection (常用名单) of a unit, reused for in-app notices and SMS: units (with or
    without their sub-units), roles, hand-picked people, and — for SMS only, as they have no accounts —
    the federation rosters and a registry category of those units. It is a rule, not a copy: it is
    resolved when a notice or message is sent (services/lists.py), so it follows new cadres, changed
    rosters and people leaving; the notice's receipts and the message's delivery rows are the record of
    who got what."""

    unit = unit_link("所属单位")
    unit_path = tree_path()
    name = models.CharField("名单名称", max_length=60)
    units = models.ManyToManyField(
        UNIT, verbose_name="单位", blank=True, related_name="+", help_text="不选则为所属单位"
    )
    subunits = models.BooleanField("含下级单位", default=True)
    cadres = models.BooleanField("所选单位的干部（按角色）", default=True)
    roles = models.JSONField("角色", default=list, blank=True, help_text="不选则为全部角色")
    people = models.ManyToManyField(USER, verbose_name="指定人员", blank=True, related_name="+")
    roster = models.BooleanField("含妇联执委/成员名册（仅短信）", default=False)
    category = models.ForeignKey(
        "people.Category",
        verbose_name="服务对象类别（仅短信）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = user_link(blank=True)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table(
        "常用名单",
        ordering=["name", "id"],
        constraints=[unique("unit", "name", name="office_list_name_once", message="本单位已有同名名单")],
    )

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        copy_unit_path(self, "unit", "unit_path")
        super().save(*args, **kwargs)
