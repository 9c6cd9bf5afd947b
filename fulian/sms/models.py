"""The SMS platform (短信平台): templates, saved lists, messages, one delivery row per recipient, opt-outs.

Phones are personal data: every stored phone is encrypted (`EncryptedTextField`) and found by a keyed hash
(`phone_hash`, the same hash the registry keeps for its mobiles, `people.models.mobile_hash`); pages and logs
show them masked (`core.masking.mask_mobile`).

Exactly once (docs/sms.md): a message has one `Delivery` per phone — UNIQUE (message, phone_hash) is the
idempotency key, and its `out_id` is what the gateway is given as the provider's own out-id / session
context. Workers claim rows with a token and a lease (`claim_token`, `beat_at`); the state machine is
queued → sending → sent → delivered, with failed, opted_out and unknown (an ambiguous answer that is
reconciled by asking the provider, never by sending again).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fulian.core.crypto import EncryptedTextField
from fulian.core.fields import recorded_at, table, tree_path, unique, unit_link, user_link


class Template(models.Model):
    """A text with variables ({姓名}, {时间} …) and the gateway's approved template code and sign name."""

    unit = unit_link("所属组织")
    unit_path = tree_path()
    name = models.CharField("模板名称", max_length=60)
    text = models.TextField("模板内容", help_text="变量写成 {姓名}、{时间}、{地点}")
    sign_name = models.CharField("短信签名", max_length=20)
    template_code = models.CharField("网关模板编号", max_length=40, help_text="短信服务商审核通过的模板编号")
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table("短信模板", ordering=["name", "id"])

    def __str__(self) -> str:
        return self.name


class SavedList(models.Model):
    """A saved list of recipients (名单): names and phones typed or pasted in, kept for later messages."""

    unit = unit_link("所属组织")
    unit_path = tree_path()
    name = models.CharField("名单名称", max_length=60)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit_path"

    Meta = table("短信名单", ordering=["name", "id"])

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    saved_list = models.ForeignKey(SavedList, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedTextField("手机号码")
    phone_hash = models.CharField(max_length=64, editable=False)

    scope_path_field = "saved_list__unit_path"

    Meta = table(
        "名单成员",
        ordering=["id"],
        constraints=[
            unique("saved_list", "phone_hash", name="sms_listentry_one_phone"),
        ],
    )

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """One SMS sent by a unit to an audience within its subtree."""

    class Audience(models.TextChoices):
        CADRES = "cadres", "本级及下级妇联干部（按角色）"
        MEMBERS = "members", "妇联执委/成员名册"
        CATEGORY = "category", "服务对象（按人员类别）"
        LIST = "list", "保存的名单"
        SAVED = "saved", "常用名单（单位、角色、名册、类别）"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SCHEDULED = "scheduled", "定时待发"
        SENDING = "sending", "发送中"
        DONE = "done", "已发完"
        CANCELLED = "cancelled", "已取消"

    unit = unit_link("发送单位")
    unit_path = tree_path()
    template = models.ForeignKey(
        Template, verbose_name="模板", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("短信内容")
    sign_name = models.CharField("短信签名", max_length=20)
    template_code = models.CharField("网关模板编号", max_length=40, blank=True)
    variables = models.JSONField("变量值", default=dict, blank=True)
    audience = models.CharField("发送对象", max_length=20, choices=Audience.choices)
    roles = models.JSONField("角色", default=list, blank=True)
    category = models.ForeignKey(
        "people.Category",
        verbose_name="人员类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_list = models.ForeignKey(
        SavedList, verbose_name="名单", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_list = models.ForeignKey(
        "office.RecipientList",
        verbose_name="常用名单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="发送时按名单的条件确定接收人",
    )
    scheduled_at = models.DateTimeField("定时发送时间", null=True, blank=True)
    quiet_start = models.TimeField("免打扰开始", default="21:00")
    quiet_end = models.TimeField("免打扰结束", default="08:00")
    gateway = models.CharField("短信网关", max_length=20, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = user_link("编写人")
    created_at = recorded_at("创建时间")
    started_at = models.DateTimeField("开始发送", null=True, blank=True)
    finished_at = models.DateTimeField("发送完成", null=True, blank=True)

    scope_path_field = "unit_path"

    Meta = table(
        "短信",
        ordering=["-created_at", "-id"],
        indexes=[models.Index(fields=["status", "scheduled_at"], name="sms_message_due")],
    )

    def __str__(self) -> str:
        return self.text[:20]


class Delivery(models.Model):
    """One recipient of one message: the idempotency key and everything that happened to it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发出"
        DELIVERED = "delivered", "已送达"
        FAILED = "failed", "失败"
        OPTED_OUT = "opted_out", "已退订"
        UNKNOWN = "unknown", "结果待核实"

    FINAL = (Status.SENT, Status.DELIVERED, Status.FAILED, Status.OPTED_OUT)

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedTextField("手机号码")
    phone_hash = models.CharField(max_length=64, editable=False)
    variables = models.JSONField("变量值", default=dict, blank=True)
    out_id = models.CharField("幂等键", max_length=40, unique=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    checks = models.PositiveSmallIntegerField("核实次数", default=0)
    reclaims = models.PositiveSmallIntegerField("中断后重新领取次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, default="", editable=False)
    beat_at = models.DateTimeField(null=True, blank=True, editable=False)
    sending_at = models.DateTimeField("交给网关", null=True, blank=True)
    provider_id = models.CharField("网关回执编号", max_length=64, blank=True, default="")
    error = models.CharField("错误", max_length=200, blank=True, default="")
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    scope_path_field = "message__unit_path"

    Meta = table(
        "短信接收人",
        ordering=["id"],
        constraints=[
            unique("message", "phone_hash", name="sms_delivery_once_per_phone"),
        ],
        indexes=[
            models.Index(fields=["message", "status", "next_attempt_at"], name="sms_delivery_claim"),
            models.Index(fields=["provider_id"], condition=~Q(provider_id=""), name="sms_delivery_provider"),
        ],
    )

    def __str__(self) -> str:
        return f"{self.message_id}/{self.out_id}"


class OptOut(models.Model):
    """A phone that replied TD/退订 (or was entered by staff): nothing is sent to it again."""

    phone = EncryptedTextField("手机号码")
    phone_hash = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField("来源", max_length=40, default="回复退订")
    created_at = recorded_at("退订时间")

    Meta = table("短信退订", ordering=["-created_at"])

    def __str__(self) -> str:
        return self.source


class RateBucket(models.Model):
    """The token bucket of one gateway, shared by every worker process (ratelimit.py): the tokens left
    (negative: sends already promised a later turn) as of `stamp` (seconds since the epoch, by the
    database's clock)."""

    gateway = models.CharField("短信网关", max_length=20, unique=True)
    tokens = models.FloatField("剩余令牌", default=1.0)
    stamp = models.FloatField("计算时刻", default=0.0)

    Meta = table("网关限速")

    def __str__(self) -> str:
        return self.gateway
