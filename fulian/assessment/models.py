"""Village assessment (村级考核): rubric versions, the assessment with its settings, inspection groups,
audit sheets and their scores, cross-checks, random draws, zone meetings and appeals.

Scoping: everything belongs to the assessing town (`unit`); an audit sheet to its village. Sheets have a
finer rule (rules.py): an assessor sees only the villages of her groups.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fulian.core.fields import changed_at, recorded_at, table, unique, unit_link, user_link

USER = settings.AUTH_USER_MODEL
D0 = Decimal("0")


def default_bands() -> list:
    return [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]


class Rubric(models.Model):
    """考核细则: one version for a year and an assessing unit (a town). Frozen once scoring starts."""

    unit = unit_link("考核单位")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("名称", max_length=100)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = user_link()
    created_at = recorded_at("创建时间")

    scope_path_field = "unit__path"

    Meta = table(
        "考核细则",
        ordering=["-year", "-version"],
        constraints=[unique("unit", "year", "version", name="rubric_unique_version")],
    )

    def __str__(self) -> str:
        return f"{self.title}（{self.year}年第{self.version}版）"

    @property
    def scoring_started(self) -> bool:
        return Score.objects.filter(sheet__assessment__rubric=self).exists()

    def items(self):
        return Item.objects.filter(category__rubric=self).select_related("category")

    @property
    def max_total(self) -> Decimal:
        return self.items().filter(kind=Item.Kind.NORMAL).aggregate(s=models.Sum("max_points"))["s"] or D0


class Category(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("类别", max_length=50)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    scope_path_field = "rubric__unit__path"

    Meta = table("考核类别", ordering=["order", "id"])

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """考核项目: max points, method, guidance; a bonus (加分) or veto (一票否决) item; 数据自动 items name a
    figure key and a target (full points at ≥ target, proportional below)."""

    class Method(models.TextChoices):
        DOCUMENTS = "documents", "查阅资料"
        SITE = "site", "实地察看"
        SURVEY = "survey", "问卷"
        AUTO = "auto", "数据自动"

    class Kind(models.TextChoices):
        NORMAL = "normal", "计分项"
        BONUS = "bonus", "加分项"
        VETO = "veto", "一票否决"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("考核内容", max_length=200)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=D0)
    method = models.CharField("考核方式", max_length=12, choices=Method.choices, default=Method.DOCUMENTS)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.NORMAL)
    guidance = models.TextField("评分标准", blank=True)
    figure_key = models.CharField("数据指标", max_length=100, blank=True)
    target = models.DecimalField("满分标准(≥)", max_digits=12, decimal_places=2, null=True, blank=True)

    scope_path_field = "category__rubric__unit__path"

    Meta = table("考核项目", ordering=["category__order", "category_id", "order", "id"])

    def __str__(self) -> str:
        return self.title

    @property
    def is_auto(self) -> bool:
        return self.method == self.Method.AUTO

    def clean(self) -> None:
        if self.max_points is not None and self.max_points < 0:
            raise ValidationError({"max_points": "分值不能为负"})
        if self.kind == self.Kind.VETO:
            self.max_points = D0
        elif not self.max_points:
            raise ValidationError({"max_points": "请填写分值"})
        if self.method == self.Method.AUTO:
            if not self.figure_key:
                raise ValidationError({"figure_key": "数据自动的项目须指定数据指标"})
            if not self.target or self.target <= 0:
                raise ValidationError({"target": "数据自动的项目须填写大于0的满分标准"})
            if self.kind != self.Kind.NORMAL:
                raise ValidationError({"method": "加分项和否决项不能数据自动"})

    def auto_points(self, value) -> Decimal:
        """Full points at value ≥ target, proportional below, never below zero."""
        v = Decimal(str(value or 0))
        if v <= 0:
            return D0
        if v >= self.target:
            return self.max_points
        return (self.max_points * v / self.target).quantize(Decimal("0.01"))


class Assessment(models.Model):
    """One year's assessment of a town's villages, with its settings: weights of the parts, grade bands,
    bonus cap and the self-vs-assessor difference that is flagged."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        PUBLISHED = "published", "已公布"
        CLOSED = "closed", "已结束"

    rubric = models.ForeignKey(
        Rubric, verbose_name="考核细则", on_delete=models.PROTECT, related_name="assessments"
    )
    unit = unit_link("考核单位")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    weight_self = models.PositiveSmallIntegerField("自评权重(%)", default=0)
    weight_regular = models.PositiveSmallIntegerField("平时权重(%)", default=40)
    weight_final = models.PositiveSmallIntegerField("年终权重(%)", default=60)
    bonus_cap = models.DecimalField("加分上限", max_digits=6, decimal_places=2, default=Decimal("5"))
    diff_threshold = models.DecimalField(
        "自评差异提示(分)", max_digits=6, decimal_places=2, default=Decimal("2")
    )
    bands = models.JSONField("等次分数线", default=default_bands)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    appeal_until = models.DateField("申诉截止", null=True, blank=True)
    created_by = user_link()
    created_at = recorded_at("创建时间")

    scope_path_field = "unit__path"

    Meta = table("村级考核", ordering=["-year", "-id"])

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.weight_self + self.weight_regular + self.weight_final != 100:
            raise ValidationError({"weight_final": "自评、平时、年终权重之和须为100"})
        if self.bonus_cap is not None and self.bonus_cap < 0:
            raise ValidationError({"bonus_cap": "加分上限不能为负"})
        bands = self.bands or []
        try:
            cuts = [float(b[1]) for b in bands]
            names = [str(b[0]) for b in bands]
        except (TypeError, ValueError, IndexError) as exc:
            raise ValidationError({"bands": "等次分数线格式应为 名称:分数"}) from exc
        if len(bands) < 2 or cuts != sorted(cuts, reverse=True) or cuts[-1] != 0 or not all(names):
            raise ValidationError({"bands": "等次须从高到低排列，最低一档从0分起"})

    @property
    def bottom_grade(self) -> str:
        return self.bands[-1][0]

    def grade_for(self, percent: Decimal) -> str:
        for name, cut in self.bands:
            if percent >= Decimal(str(cut)):
                return name
        return self.bottom_grade


class InspectionGroup(models.Model):
    """考核组: a leader, members, the items it scores and the villages it visits."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("组名", max_length=50)
    leader = models.ForeignKey(USER, verbose_name="组长", on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(USER, verbose_name="组员", blank=True, related_name="+")
    items = models.ManyToManyField(Item, verbose_name="负责项目", blank=True, related_name="groups")
    villages = models.ManyToManyField("orgs.OrgUnit", verbose_name="负责村", blank=True, related_name="+")

    scope_path_field = "assessment__unit__path"

    Meta = table(
        "考核组",
        ordering=["id"],
        constraints=[unique("assessment", "name", name="group_unique_name")],
    )

    def __str__(self) -> str:
        return self.name


class Sheet(models.Model):
    """审核记录表: one village's sheet in one assessment."""

    class Status(models.TextChoices):
        DRAFT = "draft", "自评中"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "退回修改"
        LOCKED = "locked", "已锁定"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sheets")
    village = unit_link("村(社区)")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    regular_points = models.DecimalField("平时成绩", max_digits=6, decimal_places=2, null=True, blank=True)
    cross_findings = models.TextField("互查意见", blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    scope_path_field = "village__path"

    Meta = table(
        "审核记录表",
        ordering=["assessment", "village__path"],
        constraints=[unique("assessment", "village", name="sheet_unique_village")],
    )

    def __str__(self) -> str:
        return f"{self.village.name}审核记录表"


class Score(models.Model):
    """A score for one item on one sheet: the village's self-score (part self) or the assessors' (part
    final, by a group); 数据自动 items are written by the system (part final, group empty)."""

    class Part(models.TextChoices):
        SELF = "self", "自评"
        FINAL = "final", "考核组评分"

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="scores")
    part = models.CharField("类别", max_length=6, choices=Part.choices)
    group = models.ForeignKey(
        InspectionGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.DecimalField("得分", max_digits=6, decimal_places=2, default=D0)
    deduction = models.DecimalField("扣分", max_digits=6, decimal_places=2, default=D0)
    vetoed = models.BooleanField("触发否决", default=False)
    reason = models.TextField("扣分理由", blank=True)
    value = models.DecimalField("数据值", max_digits=14, decimal_places=2, null=True, blank=True)
    scored_by = user_link()
    scored_at = changed_at(None)

    scope_path_field = "sheet__village__path"

    Meta = table(
        "评分",
        constraints=[unique("sheet", "item", "part", name="score_unique_part")],
    )

    def __str__(self) -> str:
        return f"{self.item} {self.points}"


def evidence_path(instance, filename: str) -> str:
    return f"assessment/{instance.sheet.assessment_id}/{instance.sheet.village_id}/{filename}"


class Evidence(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField("佐证材料", upload_to=evidence_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = user_link()
    uploaded_at = recorded_at(None)

    scope_path_field = "sheet__village__path"

    Meta = table("佐证材料")

    def __str__(self) -> str:
        return self.name


class CrossCheck(models.Model):
    """交错互查: a seeded derangement of a set of villages (a town or one zone)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="cross_checks")
    zone = models.ForeignKey(
        "orgs.Zone", verbose_name="片区", null=True, blank=True, on_delete=models.PROTECT
    )
    seed = models.CharField("随机种子", max_length=64)
    created_by = user_link()
    created_at = recorded_at(None)

    scope_path_field = "assessment__unit__path"

    Meta = table("交错互查", ordering=["id"])

    def __str__(self) -> str:
        return f"交错互查（种子{self.seed}）"


class CrossCheckPair(models.Model):
    cross_check = models.ForeignKey(CrossCheck, on_delete=models.CASCADE, related_name="pairs")
    checker = unit_link("检查村")
    checked = unit_link("被查村")
    supervisor = models.ForeignKey(
        USER, verbose_name="监督组长", null=True, blank=True, on_delete=models.SET_NULL
    )
    edited = models.BooleanField("已调整", default=False)

    scope_path_field = "cross_check__assessment__unit__path"

    Meta = table(
        "互查配对",
        ordering=["id"],
        constraints=[
            unique("cross_check", "checker", name="pair_unique_checker"),
            unique("cross_check", "checked", name="pair_unique_checked"),
            models.CheckConstraint(condition=~Q(checker=models.F("checked")), name="pair_not_self"),
        ],
    )

    def __str__(self) -> str:
        return f"{self.checker} → {self.checked}"


class Draw(models.Model):
    """随机抽取: villages (a number or a ratio, optionally by zone) and women within them at a ratio.
    Immutable once made; a new draw may supersede it, with a reason."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="draws")
    seed = models.CharField("随机种子", max_length=64)
    village_count = models.PositiveSmallIntegerField("抽取村数", null=True, blank=True)
    village_ratio = models.DecimalField("抽村比例", max_digits=5, decimal_places=4, null=True, blank=True)
    by_zone = models.BooleanField("按片区分层", default=False)
    women_ratio = models.DecimalField("抽取妇女比例", max_digits=5, decimal_places=4, default=Decimal("0"))
    population = models.JSONField("抽样框", default=dict)  # {"villages": [ids], "women": {vid: n}}
    result = models.JSONField("抽取结果", default=dict)  # {"villages": [ids], "women": {vid: [person ids]}}
    created_by = user_link()
    created_at = recorded_at(None)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_reason = models.CharField("作废原因", max_length=300, blank=True)

    scope_path_field = "assessment__unit__path"

    Meta = table("随机抽取", ordering=["-id"])

    def __str__(self) -> str:
        return f"随机抽取（种子{self.seed}）"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    def person_ids(self) -> set[int]:
        return {pid for ids in self.result.get("women", {}).values() for pid in ids}


class ZoneMeeting(models.Model):
    """分片座谈."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="meetings")
    zone = models.ForeignKey(
        "orgs.Zone", verbose_name="片区", null=True, blank=True, on_delete=models.PROTECT
    )
    held_on = models.DateField("日期")
    attendees = models.TextField("参会人员")
    notes = models.TextField("座谈纪要", blank=True)
    created_by = user_link()

    scope_path_field = "assessment__unit__path"

    Meta = table("分片座谈", ordering=["held_on", "id"])

    def __str__(self) -> str:
        return f"分片座谈 {self.held_on}"


class Appeal(models.Model):
    """A village's appeal against its published result, and its recorded outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待处理"
        UPHELD = "upheld", "申诉成立"
        REJECTED = "rejected", "维持原结果"

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="appeals")
    content = models.TextField("申诉内容")
    filed_by = user_link()
    filed_at = recorded_at(None)
    outcome = models.CharField("处理结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    response = models.TextField("答复", blank=True)
    decided_by = user_link(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    scope_path_field = "sheet__village__path"

    Meta = table("申诉", ordering=["id"])

    def __str__(self) -> str:
        return f"{self.sheet_id}申诉"
