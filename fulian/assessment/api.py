"""/api/v1/assessment/…: the set-up (rubrics, their categories and items; open an assessment on a rubric,
its settings, publication), audit sheets (score an item; submit, return, lock), draws (make one,
supersede the current one); through the same services and selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.core.scoping import can, get_visible_or_404
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .models import Assessment, Category, Draw, Item, Rubric, Score, Sheet
from .serializers import (
    AppealSerializer,
    AssessmentCreateSerializer,
    CategorySerializer,
    DrawCreateSerializer,
    ItemSerializer,
    NotesSerializer,
    PublishSerializer,
    ReasonSerializer,
    RubricCopySerializer,
    RubricSerializer,
    ScoreRequestSerializer,
    SettingsSerializer,
)

MANAGE = "assessment.manage"


class AssessmentSerializer(CleanModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "title",
            "year",
            "unit",
            "rubric",
            "status",
            "weight_self",
            "weight_regular",
            "weight_final",
            "bonus_cap",
            "diff_threshold",
            "bands",
            "published_at",
            "appeal_until",
        ]


class ScoreSerializer(CleanModelSerializer):
    class Meta:
        model = Score
        fields = ["item", "part", "points", "deduction", "vetoed", "reason", "value"]


class SheetSerializer(CleanModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Sheet
        fields = [
            "id",
            "assessment",
            "village",
            "village_name",
            "status",
            "regular_points",
            "cross_findings",
            "scores",
        ]


class DrawSerializer(CleanModelSerializer):
    class Meta:
        model = Draw
        fields = [
            "id",
            "assessment",
            "seed",
            "village_count",
            "village_ratio",
            "by_zone",
            "women_ratio",
            "population",
            "result",
            "created_by",
            "created_at",
            "superseded_by",
            "superseded_reason",
        ]


def _body(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


class RubricViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rubrics (考核细则) of the towns the caller manages, with categories and items. Changes only before
    scoring starts; after that, copy to a new version."""

    queryset = Rubric.objects.select_related("unit").prefetch_related("categories__items")
    serializer_class = RubricSerializer
    view_capability = MANAGE
    change_capability = MANAGE

    @extend_schema(
        examples=[
            OpenApiExample(
                "新建细则",
                value={"unit": 1, "year": 2027, "title": "村级妇联工作考核细则"},
                request_only=True,
            )
        ]
    )
    def create(self, request, *args, **kwargs):
        data = _body(RubricSerializer, request)
        unit = get_visible_or_404(request.user, OrgUnit, MANAGE, pk=data["unit"].pk)
        rubric = services.rubric_create(user=request.user, unit=unit, year=data["year"], title=data["title"])
        return Response(RubricSerializer(rubric).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RubricCopySerializer,
        responses={201: RubricSerializer},
        examples=[OpenApiExample("复制为新年度", value={"year": 2028}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """复制细则（含类别和项目），用于新年度或开始评分后的新版本。"""
        rubric = self.get_object()
        data = _body(RubricCopySerializer, request)
        new = services.rubric_copy(
            user=request.user,
            rubric=rubric,
            year=data.get("year") or rubric.year,
            title=data["title"],
        )
        return Response(RubricSerializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CategorySerializer,
        responses={201: CategorySerializer},
        examples=[OpenApiExample("添加类别", value={"name": "组织建设", "order": 1}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def categories(self, request, pk=None):
        rubric = self.get_object()
        data = _body(CategorySerializer, request)
        category = services.category_save(
            user=request.user,
            rubric=rubric,
            name=data["name"],
            order=data.get("order", 0),
        )
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)


ITEM_EXAMPLE = OpenApiExample(
    "考核项目",
    value={
        "title": "妇联组织健全",
        "max_points": "10.00",
        "method": "documents",
        "kind": "normal",
        "order": 1,
    },
    request_only=True,
)


class CategoryViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.prefetch_related("items")
    serializer_class = CategorySerializer
    view_capability = MANAGE
    change_capability = MANAGE

    @extend_schema(request=ItemSerializer, responses={201: ItemSerializer}, examples=[ITEM_EXAMPLE])
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        category = self.get_object()
        item = services.item_save(user=request.user, category=category, data=_body(ItemSerializer, request))
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemViewSet(
    ScopedAPIMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Item.objects.select_related("category__rubric")
    serializer_class = ItemSerializer
    view_capability = MANAGE
    change_capability = MANAGE

    @extend_schema(
        examples=[OpenApiExample("修改分值", value={"max_points": "8.00"}, request_only=True)],
    )
    def partial_update(self, request, pk=None):
        item = self.get_object()
        body = ItemSerializer(item, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        item = services.item_save(
            user=request.user, category=item.category, item=item, data=body.validated_data
        )
        return Response(ItemSerializer(item).data)

    def perform_destroy(self, instance):
        services.item_delete(user=self.request.user, item=instance)


SETTINGS_EXAMPLE = {
    "weight_self": 0,
    "weight_regular": 40,
    "weight_final": 60,
    "bands": [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]],
}


class AssessmentViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments the caller can see; `results/` gives totals, grades and ranks of the sheets she may see
    (village chairs: only after publication). POST opens an assessment on a rubric (one audit sheet per
    active village of the town); `settings/` changes weights and bands; `publish/` publishes the results."""

    queryset = Assessment.objects.select_related("unit")
    serializer_class = AssessmentSerializer
    view_capability = "assessment.view"
    change_capability = MANAGE

    @extend_schema(
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer},
        examples=[
            OpenApiExample(
                "开展考核",
                value={"rubric": 1, "title": "2027年度村级妇联工作考核", **SETTINGS_EXAMPLE},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        data = _body(AssessmentCreateSerializer, request)
        rubric = get_visible_or_404(request.user, Rubric, MANAGE, pk=data.pop("rubric"))
        title = data.pop("title") or f"{rubric.year}年度村级妇联工作考核"
        a = services.assessment_create(user=request.user, rubric=rubric, title=title, settings=data)
        return Response(AssessmentSerializer(a).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SettingsSerializer,
        responses=AssessmentSerializer,
        examples=[OpenApiExample("考核设置", value=SETTINGS_EXAMPLE, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="settings")
    def change_settings(self, request, pk=None):
        a = self.get_object()
        a = services.assessment_settings(
            user=request.user,
            assessment=a,
            settings=_body(SettingsSerializer, request),
        )
        return Response(AssessmentSerializer(a).data)

    @extend_schema(
        request=PublishSerializer,
        responses=AssessmentSerializer,
        examples=[OpenApiExample("公布结果", value={"appeal_days": 5}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """公布考核结果（所有审核记录表须已锁定），申诉期内可申诉。"""
        a = self.get_object()
        data = _body(PublishSerializer, request)
        a = services.assessment_publish(user=request.user, assessment=a, appeal_days=data["appeal_days"])
        return Response(AssessmentSerializer(a).data)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        a = self.get_object()
        if a.status == Assessment.Status.OPEN and not can(request.user, "assessment.score", a):
            return Response([])
        return Response(
            [
                {
                    "village": r.sheet.village_id,
                    "village_name": r.sheet.village.name,
                    "rank": r.rank,
                    "total": str(r.result.total),
                    "grade": r.result.grade,
                    "vetoed": r.result.vetoed,
                }
                for r in selectors.results(assessment=a, user=request.user)
            ]
        )


class SheetViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Audit sheets (an assessor: only her groups' villages). `score/` scores one item; `submit/` (the
    village, its self-score done), `return/` (with a reason) and `lock/` move the sheet on."""

    queryset = Sheet.objects.select_related("village").prefetch_related("scores")
    serializer_class = SheetSerializer
    view_capability = "assessment.view"

    @extend_schema(
        request=ScoreRequestSerializer,
        responses=ScoreSerializer,
        examples=[
            OpenApiExample(
                "年终评分（扣分）",
                value={"item": 1, "part": "final", "points": "8.00", "reason": "台账缺少第三季度会议记录"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        sheet = self.get_object()
        data = _body(ScoreRequestSerializer, request)
        item = sheet.assessment.rubric.items().filter(pk=data.pop("item")).first()
        if item is None:
            raise ValidationError({"item": "请选择考核项目"})
        fn = services.score_self if data.pop("part") == "self" else services.score_final
        s = fn(user=request.user, sheet=sheet, item=item, **data)
        return Response(ScoreSerializer(s).data)

    def _move(self, fn, **kwargs):
        sheet = fn(user=self.request.user, sheet=self.get_object(), **kwargs)
        return Response(SheetSerializer(sheet).data)

    @extend_schema(request=None, responses=SheetSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """村里提交自评（自评须逐项完成）。"""
        return self._move(services.sheet_submit)

    @extend_schema(
        request=ReasonSerializer,
        responses=SheetSerializer,
        examples=[OpenApiExample("退回", value={"reason": "自评缺少佐证材料"}, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._move(services.sheet_return, reason=_body(ReasonSerializer, request)["reason"])

    @extend_schema(request=None, responses=SheetSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        return self._move(services.sheet_lock)

    @extend_schema(
        request=NotesSerializer,
        responses=SheetSerializer,
        examples=[
            OpenApiExample(
                "平时成绩", value={"regular_points": "38", "cross_findings": "台账规范"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """记录平时成绩和互查意见（锁定前）。"""
        return self._move(services.sheet_notes, **_body(NotesSerializer, request))

    @extend_schema(
        request=AppealSerializer,
        responses={201: None},
        examples=[OpenApiExample("申诉", value={"content": "第3项已提供会议记录"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        """村对公布的结果申诉（申诉期内）。"""
        appeal = services.appeal_file(
            user=request.user,
            sheet=self.get_object(),
            **_body(AppealSerializer, request),
        )
        return Response({"id": appeal.pk, "outcome": appeal.outcome}, status=status.HTTP_201_CREATED)


class DrawViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Draws: a draw is never edited; a new one supersedes the assessment's current draw, with a reason."""

    queryset = Draw.objects.all()
    serializer_class = DrawSerializer
    view_capability = MANAGE
    change_capability = MANAGE

    @extend_schema(
        request=DrawCreateSerializer,
        responses={201: DrawSerializer},
        examples=[
            OpenApiExample(
                "抽取",
                value={"assessment": 1, "village_percent": "30", "women_percent": "10"},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        data = _body(DrawCreateSerializer, request)
        a = get_visible_or_404(request.user, Assessment, MANAGE, pk=data.pop("assessment"))
        percent = data.pop("village_percent", None)
        d = services.draw_create(
            user=request.user,
            assessment=a,
            village_ratio=percent / 100 if percent is not None else None,
            women_ratio=data.pop("women_percent") / 100,
            supersedes=services.current_draw(a),
            **data,
        )
        return Response(DrawSerializer(d).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("assessment/rubrics", RubricViewSet, basename="assessment-rubric")
    router.register("assessment/categories", CategoryViewSet, basename="assessment-category")
    router.register("assessment/items", ItemViewSet, basename="assessment-item")
    router.register("assessment/assessments", AssessmentViewSet, basename="assessment-assessment")
    router.register("assessment/sheets", SheetViewSet, basename="assessment-sheet")
    router.register("assessment/draws", DrawViewSet, basename="assessment-draw")
