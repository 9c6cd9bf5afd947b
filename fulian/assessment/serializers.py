"""Request bodies and rows of the assessment API (`api.py`): rubric set-up, assessments, draws, sheets."""

from __future__ import annotations

from rest_framework import serializers

from fulian.core.api import CleanModelSerializer, CleanSerializer

from .models import Category, Item, Rubric


class ItemSerializer(CleanModelSerializer):
    class Meta:
        model = Item
        fields = [
            "id",
            "category",
            "order",
            "title",
            "max_points",
            "method",
            "kind",
            "guidance",
            "figure_key",
            "target",
        ]
        read_only_fields = ["category"]


class CategorySerializer(CleanModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "rubric", "name", "order", "items"]
        read_only_fields = ["rubric"]


class RubricSerializer(CleanModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    scoring_started = serializers.BooleanField(read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "unit", "year", "version", "title", "copied_from", "scoring_started", "categories"]
        read_only_fields = ["version", "copied_from"]


class RubricCopySerializer(CleanSerializer):
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    title = serializers.CharField(label="名称", max_length=100, required=False, allow_blank=True, default="")


class SettingsSerializer(CleanSerializer):
    """Weights (%), bonus cap, the self/final difference that flags an item, and the grade bands."""

    weight_self = serializers.IntegerField(label="自评权重(%)", min_value=0, max_value=100, required=False)
    weight_regular = serializers.IntegerField(label="平时权重(%)", min_value=0, max_value=100, required=False)
    weight_final = serializers.IntegerField(label="年终权重(%)", min_value=0, max_value=100, required=False)
    bonus_cap = serializers.DecimalField(label="加分上限", max_digits=6, decimal_places=2, required=False)
    diff_threshold = serializers.DecimalField(
        label="差异提示(分)", max_digits=6, decimal_places=2, required=False
    )
    bands = serializers.ListField(
        label="等次分数线",
        child=serializers.ListField(min_length=2, max_length=2),
        required=False,
        help_text='[["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]',
    )


class AssessmentCreateSerializer(SettingsSerializer):
    rubric = serializers.IntegerField(label="考核细则")
    title = serializers.CharField(
        label="考核名称", max_length=100, required=False, allow_blank=True, default=""
    )


class PublishSerializer(CleanSerializer):
    appeal_days = serializers.IntegerField(label="申诉期(天)", required=False, default=5)


class DrawCreateSerializer(CleanSerializer):
    """Either `village_count` or `village_percent`; `women_percent` of the women of each drawn village.
    A draw replacing the current one needs `reason` (a draw is never edited, only superseded)."""

    assessment = serializers.IntegerField(label="考核")
    seed = serializers.CharField(
        label="随机种子", max_length=64, required=False, allow_blank=True, default=""
    )
    village_count = serializers.IntegerField(label="抽取村数", min_value=1, required=False, allow_null=True)
    village_percent = serializers.DecimalField(
        label="抽村比例(%)", max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    by_zone = serializers.BooleanField(label="按片区分层", required=False, default=False)
    women_percent = serializers.DecimalField(
        label="抽取妇女比例(%)", max_digits=5, decimal_places=2, required=False, default=0
    )
    reason = serializers.CharField(
        label="重新抽取原因", max_length=200, required=False, allow_blank=True, default=""
    )


class ScoreRequestSerializer(CleanSerializer):
    """One item's score: `part` self (the village's self-score) or final (the inspection group's);
    `points` for an item scored by points, `deduction` for one scored by deduction; `vetoed` for a veto
    item; `reason` (扣分理由) is required whenever points are taken off."""

    item = serializers.IntegerField(label="考核项目")
    part = serializers.ChoiceField(label="评分环节", choices=[("self", "自评"), ("final", "年终考核")])
    points = serializers.DecimalField(
        label="得分", max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    deduction = serializers.DecimalField(
        label="扣分", max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    reason = serializers.CharField(label="扣分理由", required=False, allow_blank=True, default="")
    vetoed = serializers.BooleanField(label="一票否决", required=False, default=False)


class ReasonSerializer(CleanSerializer):
    reason = serializers.CharField(label="退回理由")


class NotesSerializer(CleanSerializer):
    regular_points = serializers.DecimalField(
        label="平时成绩", max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    cross_findings = serializers.CharField(label="互查意见", required=False, allow_blank=True)


class AppealSerializer(CleanSerializer):
    content = serializers.CharField(label="申诉内容")
