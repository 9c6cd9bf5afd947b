"""/api/v1/surveys/questionnaires/…: questionnaires with their questions (create, add a question), their
answer links (publish: links for a village, or one per woman of an assessment's draw), and their results;
through the same services and selectors as the pages."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, CleanSerializer, ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, visible
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .models import Link, Question, Questionnaire

MANAGE = "surveys.manage"


class QuestionSerializer(CleanModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "order", "text", "kind", "required", "options"]
        read_only_fields = ["order"]


class QuestionnaireSerializer(CleanModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "unit", "assessment", "title", "intro", "questions"]


class LinkSerializer(CleanModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Link
        fields = ["id", "village", "draw", "person", "max_uses", "used", "expires_at", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("surveys:answer", args=[obj.token])


class LinksRequestSerializer(CleanSerializer):
    """Either `draw` (one one-use link per woman the assessment's draw picked) or `village` with `count`
    links usable `max_uses` times each; all valid until `expires` (default: 7 days)."""

    village = serializers.IntegerField(label="村(社区)", required=False)
    count = serializers.IntegerField(label="链接数", required=False, default=1)
    max_uses = serializers.IntegerField(label="每个链接可用次数", required=False, default=1)
    draw = serializers.IntegerField(label="抽取结果", required=False)
    expires = serializers.DateField(label="有效期至", required=False)

    def validate(self, attrs):
        if not attrs.get("draw") and not attrs.get("village"):
            raise serializers.ValidationError({"village": "请选择村(社区)或抽取结果"})
        return attrs


class QuestionnaireViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Questionnaire.objects.prefetch_related("questions")
    serializer_class = QuestionnaireSerializer
    view_capability = "surveys.view"
    change_capability = MANAGE

    @extend_schema(
        examples=[
            OpenApiExample(
                "新建问卷",
                value={"unit": 1, "title": "村级妇女工作满意度调查", "intro": "匿名填写，约2分钟"},
                request_only=True,
            )
        ]
    )
    def create(self, request, *args, **kwargs):
        body = QuestionnaireSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = request.user
        unit = get_visible_or_404(user, OrgUnit, MANAGE, pk=data["unit"].pk)
        assessment = data.get("assessment")
        if (
            assessment is not None
            and not visible(user, type(assessment), "assessment.manage").filter(pk=assessment.pk).exists()
        ):
            raise ValidationError({"assessment": ["所选考核不存在或不在您的管辖范围内"]})
        q = services.questionnaire_create(
            user=user, unit=unit, title=data["title"], intro=data.get("intro", ""), assessment=assessment
        )
        return Response(QuestionnaireSerializer(q).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=QuestionSerializer,
        responses={201: QuestionSerializer},
        examples=[
            OpenApiExample(
                "单选题",
                value={"text": "您参加过本村妇联的活动吗", "kind": "single", "options": ["参加过", "没有"]},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        """添加题目（已有答卷后不能再改题目）。"""
        q = self.get_object()
        body = QuestionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        question = services.question_add(
            user=request.user,
            questionnaire=q,
            text=data["text"],
            kind=data["kind"],
            required=data.get("required", True),
            options=data.get("options") or (),
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=LinksRequestSerializer,
        responses={201: LinkSerializer(many=True)},
        examples=[
            OpenApiExample(
                "发布到一个村", value={"village": 1, "count": 20, "max_uses": 1}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        """发布：生成答卷链接（每个链接的地址在 `url`，可做成二维码）。"""
        q = self.get_object()
        body = LinksRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        expires = data.get("expires")
        expires_at = timezone.make_aware(datetime.combine(expires, time(23, 59, 59))) if expires else None
        if data.get("draw"):
            draw = q.assessment.draws.filter(pk=data["draw"]).first() if q.assessment_id else None
            if draw is None:
                raise ValidationError({"draw": ["请选择本考核的抽取结果"]})
            made = services.links_for_draw(
                user=request.user, questionnaire=q, draw=draw, expires_at=expires_at
            )
        else:
            village = OrgUnit.objects.filter(pk=data["village"]).first()
            if village is None:
                raise ValidationError({"village": ["请选择村(社区)"]})
            made = services.links_create(
                user=request.user,
                questionnaire=q,
                village=village,
                count=data["count"],
                max_uses=data["max_uses"],
                expires_at=expires_at,
            )
        return Response(LinkSerializer(made, many=True).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        res = selectors.results(user=request.user, questionnaire=self.get_object())
        return Response(
            {
                "responses": res.responses,
                "satisfaction": None if res.satisfaction is None else str(res.satisfaction),
                "by_village": [
                    {"village": n, "responses": c, "satisfaction": None if s is None else str(s)}
                    for n, c, s in res.by_village
                ],
            }
        )


def register(router) -> None:
    router.register("surveys/questionnaires", QuestionnaireViewSet, basename="surveys-questionnaire")
