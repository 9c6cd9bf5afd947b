"""Indicator monitoring for the development plans for women and for children (两纲/两规 监测).

An indicator has a definition, a formula (numerator / denominator × scale, or a plain value), a unit, a
data source, a target and a direction. Yearly values are entered per unit or computed from the records (a
figure key of `fulian.core.figures`), and roll up to parent units from their children's numerators and
denominators — never by averaging percentages.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from fulian.core.fields import changed_at, table, unique, unit_link, user_link


class Plan(models.TextChoices):
    WOMEN = "women", "妇女发展纲要"
    CHILDREN = "children", "儿童发展纲要"


AREAS = {
    Plan.WOMEN: [
        "妇女与健康",
        "妇女与教育",
        "妇女与经济",
        "妇女参与决策和管理",
        "妇女与社会保障",
        "妇女与家庭建设",
        "妇女与环境",
        "妇女与法律",
    ],
    Plan.CHILDREN: [
        "儿童与健康",
        "儿童与安全",
        "儿童与教育",
        "儿童与福利",
        "儿童与家庭",
        "儿童与环境",
        "儿童与法律保护",
    ],
}


class Kind(models.TextChoices):
    RATIO = "ratio", "比率（分子/分母）"
    VALUE = "value", "数值"


class Direction(models.TextChoices):
    AT_LEAST = "gte", "不低于"
    AT_MOST = "lte", "不高于"


class Indicator(models.Model):
    code = models.CharField("指标编号", max_length=20, unique=True)
    plan = models.CharField("纲要", max_length=10, choices=Plan.choices)
    area = models.CharField("领域", max_length=20)
    name = models.CharField("指标名称", max_length=100)
    definition = models.TextField("指标定义", blank=True)
    kind = models.CharField("计算方式", max_length=10, choices=Kind.choices, default=Kind.RATIO)
    numerator_label = models.CharField("分子", max_length=100, blank=True)
    denominator_label = models.CharField("分母", max_length=100, blank=True)
    numerator_key = models.CharField("分子取自台账数字", max_length=100, blank=True)
    denominator_key = models.CharField("分母取自台账数字", max_length=100, blank=True)
    scale = models.PositiveIntegerField(
        "倍数", default=100, help_text="百分比为100，千分比为1000，十万分比为100000"
    )
    measure = models.CharField("计量单位", max_length=20, default="%")
    data_source = models.CharField("数据来源", max_length=100, blank=True)
    target = models.DecimalField("目标值", max_digits=12, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        "达标方向", max_length=3, choices=Direction.choices, default=Direction.AT_LEAST
    )
    is_active = models.BooleanField("启用", default=True)
    is_builtin = models.BooleanField("系统内置", default=False)
    owner = unit_link("自定义单位", null=True, blank=True, help_text="为空表示全国通用指标")

    Meta = table("监测指标", ordering=["plan", "code"])

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.area and self.plan and self.area not in AREAS.get(self.plan, []):
            raise ValidationError({"area": f"“{self.area}”不是{self.get_plan_display()}的领域"})

    def compute(self, numerator, denominator) -> Decimal | None:
        if self.kind == Kind.VALUE:
            return None if numerator is None else Decimal(str(numerator))
        if numerator is None or not denominator:
            return None
        return (Decimal(str(numerator)) * self.scale / Decimal(str(denominator))).quantize(Decimal("0.01"))

    def meets(self, value) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.direction == Direction.AT_LEAST else value <= self.target


class Source(models.TextChoices):
    ENTERED = "entered", "填报"
    COMPUTED = "computed", "台账计算"
    ROLLED_UP = "rolled_up", "下级汇总"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="values"
    )
    unit = unit_link("单位")
    year = models.PositiveSmallIntegerField("年度")
    numerator = models.DecimalField("分子", max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField("指标值", max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ENTERED)
    note = models.CharField("备注", max_length=200, blank=True)
    entered_by = user_link("填报人")
    updated_at = changed_at()

    scope_path_field = "unit__path"

    Meta = table(
        "指标值",
        constraints=[unique("indicator", "unit", "year", name="indicator_value_unique")],
    )

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year} {self.value}"

    def clean(self) -> None:
        for name in ("numerator", "denominator"):
            v = getattr(self, name)
            if v is not None and v < 0:
                raise ValidationError({name: "不能为负数"})
        if (
            self.indicator_id
            and self.indicator.kind == Kind.RATIO
            and self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
            and self.indicator.scale <= 100
        ):
            raise ValidationError({"numerator": "分子不能大于分母"})
        if self.indicator_id and self.indicator.kind == Kind.RATIO and self.denominator == 0:
            raise ValidationError({"denominator": "分母不能为零"})
