"""A meeting notice as cadre training under /api/v1/office/notice-training/{id}/, the twin of
office:notice_training: the attendees with their roster entries (or why none), and the POST that creates,
links or syncs the training (services/training.py)."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import CleanSerializer, ScopedAPIMixin, ScopedRelatedField
from fulian.orgbuild.models import CadreTraining

from . import services
from .models import Notice, NoticeKind
from .views.training import apply

SEND = "office.notice_send"


class MatchSerializer(CleanSerializer):
    receipt = serializers.IntegerField(source="receipt.pk")
    name = serializers.CharField()
    unit_name = serializers.CharField(source="receipt.unit.name")
    member = serializers.IntegerField(source="member.pk", allow_null=True, default=None)
    member_name = serializers.CharField(source="member.name", allow_null=True, default=None)
    how = serializers.CharField(label="对应方式或未对应的原因")


class NoticeTrainingSerializer(CleanSerializer):
    notice = serializers.IntegerField(source="pk")
    training = serializers.IntegerField(source="training_id", allow_null=True)
    matched = MatchSerializer(many=True)
    unmatched = MatchSerializer(many=True)


class RecordSerializer(CleanSerializer):
    action = serializers.ChoiceField(choices=["create", "link", "sync"], label="生成、关联或同步")
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal("0.1"), required=False)
    kind = serializers.ChoiceField(choices=CadreTraining.Kind.choices, required=False)
    training = ScopedRelatedField(CadreTraining, "orgbuild.change", required=False)

    def validate(self, data):
        if data["action"] == "create" and not data.get("hours"):
            raise serializers.ValidationError({"hours": "请填写学时"})
        if data["action"] == "link" and not data.get("training"):
            raise serializers.ValidationError({"training": "请选择要关联的培训"})
        return data


class SyncSerializer(CleanSerializer):
    training = serializers.IntegerField()
    added = serializers.ListField(child=serializers.CharField())
    already = serializers.IntegerField()
    unmatched = MatchSerializer(many=True)


def _view(notice: Notice) -> dict:
    matches = services.attendance_matches(notice)
    return {
        "pk": notice.pk,
        "training_id": notice.training_id,
        "matched": [m for m in matches if m.member],
        "unmatched": [m for m in matches if not m.member],
    }


class NoticeTrainingViewSet(ScopedAPIMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meeting notices of the caller's sending scope as cadre training (以会代训)."""

    view_capability = SEND
    change_capability = SEND
    queryset = Notice.objects.filter(kind=NoticeKind.MEETING).select_related("unit")
    serializer_class = NoticeTrainingSerializer

    def retrieve(self, request, *args, **kwargs):
        return Response(NoticeTrainingSerializer(_view(self.get_object())).data)

    @extend_schema(
        request=RecordSerializer,
        responses=SyncSerializer,
        examples=[
            OpenApiExample("生成以会代训记录", value={"action": "create", "hours": "2.0"}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        notice = self.get_object()
        body = RecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = apply(user=request.user, notice=notice, data=body.validated_data)
        notice.refresh_from_db()
        return Response(
            SyncSerializer(
                {
                    "training": notice.training_id,
                    "added": [m.name for m in result.added],
                    "already": result.already,
                    "unmatched": result.unmatched,
                }
            ).data
        )
