"""Drafts of the annual (and half-year) work summary, and the work plan whose targets it is measured by."""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from fulian.core.fields import changed_at, recorded_at, table, unique, unit_link, user_link


class SummaryKind(models.TextChoices):
    ANNUAL = "annual", "年度工作总结"
    HALF = "half", "半年工作总结"


class SummaryStatus(models.TextChoices):
    READY = "ready", "已生成"
    PENDING = "pending", "生成中"
    FAILED = "failed", "生成失败"
    CANCELLED = "cancelled", "已取消"


class SummaryDraft(models.Model):
    """One unit's summary for one period. Paragraphs are generated from the records and edited by people.

    A county's draft is generated in the background (`status`, `progress`, `heartbeat_at`; it may be
    cancelled, and retried after a failure); a town's at once."""

    unit = unit_link("单位", related_name="summaries")
    kind = models.CharField("类型", max_length=10, choices=SummaryKind.choices, default=SummaryKind.ANNUAL)
    period_start = models.DateField("开始日期")
    period_end = models.DateField("结束日期")
    title = models.CharField("标题", max_length=200)
    signature = models.CharField("落款单位", max_length=100, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True)
    created_by = user_link("创建人")
    created_at = recorded_at("创建时间")
    generated_at = models.DateTimeField("最近生成时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.READY
    )
    progress = models.PositiveSmallIntegerField("进度(%)", default=100)
    error = models.CharField("错误信息", max_length=500, blank=True)
    # Set when the task worker takes up the generation and renewed while it runs (fulian.core.jobs); empty
    # while the draft waits in the queue. A generation whose heartbeat is older than the timeout has died.
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    updated_at = changed_at()

    scope_path_field = "unit__path"

    Meta = table(
        "工作总结",
        ordering=["-period_end", "unit__path"],
        constraints=[
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="summary_period_order"
            )
        ],
    )

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "结束日期不能早于开始日期"})


class Part(models.TextChoices):
    OPENING = "opening", "开头"
    SECTION = "section", "正文"
    PROBLEMS = "problems", "存在的问题"
    PLANS = "plans", "下一步工作打算"


class SummaryParagraph(models.Model):
    """One paragraph. `generated_text` is rewritten on every regenerate; `edited_text`, once a person has
    edited the paragraph, is what is shown and exported, and regenerate keeps it unless asked not to.

    Generated text marks each figure as [[key|shown text]] so pages can link it to its records."""

    draft = models.ForeignKey(SummaryDraft, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField("段落标识", max_length=100)
    part = models.CharField("部分", max_length=10, choices=Part.choices)
    area = models.CharField("工作领域", max_length=20, blank=True)
    heading = models.CharField("小标题", max_length=100, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)
    generated_text = models.TextField("生成内容", blank=True)
    edited_text = models.TextField("修改后内容", null=True, blank=True)
    figures = models.JSONField("引用数字", default=list, blank=True)
    is_stale = models.BooleanField("数据已无", default=False)

    scope_path_field = "draft__unit__path"

    Meta = table(
        "总结段落",
        ordering=["order", "id"],
        constraints=[unique("draft", "key", name="summary_paragraph_key")],
    )

    def __str__(self) -> str:
        return f"{self.draft_id}:{self.key}"

    @property
    def is_edited(self) -> bool:
        return self.edited_text is not None


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "不少于"
    AT_MOST = "lte", "不多于"


class PlanItem(models.Model):
    """A work-plan item (工作要点/目标任务) with a target tied to a figure; progress is computed live."""

    unit = unit_link("单位", related_name="plan_items")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("工作事项", max_length=200)
    area = models.CharField("工作领域", max_length=20, blank=True)
    metric_key = models.CharField("对应指标", max_length=100, blank=True)
    comparator = models.CharField(
        "比较", max_length=3, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    measure = models.CharField("单位", max_length=10, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = recorded_at("创建时间")

    scope_path_field = "unit__path"

    Meta = table("工作要点", ordering=["year", "unit__path", "id"])

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.metric_key and self.target is None:
            raise ValidationError({"target": "设置了对应指标时必须填写目标值"})
        if self.target is not None and self.target < 0:
            raise ValidationError({"target": "目标值不能为负数"})


class FigureEncoder(DjangoJSONEncoder):
    """Decimals (money, shares) keep their type through the JSON of a snapshot."""

    def default(self, o):
        if isinstance(o, Decimal):
            return {"__decimal__": str(o)}
        return super().default(o)


class FigureDecoder(json.JSONDecoder):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("object_hook", _decimal_hook)
        super().__init__(*args, **kwargs)


def _decimal_hook(obj: dict):
    return Decimal(obj["__decimal__"]) if set(obj) == {"__decimal__"} else obj


class SnapshotStatus(models.TextChoices):
    EMPTY = "empty", "尚未计算"
    READY = "ready", "已完成"
    PENDING = "pending", "计算中"
    FAILED = "failed", "计算失败"


class StatsSnapshot(models.Model):
    """The statistics table of one unit and period as a task worker computed it, shown by the statistics page
    and the dashboard (fulian/reports/snapshots.py). `audience` is a digest of the memberships of the users it
    was computed for: the figures depend on the user only through her scope, so a snapshot is shown only to
    users of the same scope. `computed_at` is when its reads began (数据截至); the job columns (`status`,
    `requested_at`, `heartbeat_at`, `error`) say whether a newer one is being computed."""

    unit = models.ForeignKey("orgs.OrgUnit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField("开始日期")
    period_end = models.DateField("结束日期")
    period_kind = models.CharField("期间类型", max_length=10)
    audience = models.CharField("可见范围", max_length=64)
    requested_by = user_link("请求人")
    status = models.CharField(
        "状态", max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.EMPTY
    )
    data = models.JSONField("统计表", null=True, blank=True, encoder=FigureEncoder, decoder=FigureDecoder)
    computed_at = models.DateTimeField("数据截至", null=True, blank=True)
    requested_at = models.DateTimeField("最近请求计算", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    error = models.CharField("错误信息", max_length=500, blank=True)

    scope_path_field = "unit__path"

    Meta = table(
        "统计快照",
        constraints=[
            unique("unit", "period_start", "period_end", "period_kind", "audience", name="stats_snapshot_key")
        ],
    )

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.period_start}–{self.period_end}"
