"""/api/v1/activities/: the activity ledger over the API (activities; their competing teams and linked
participants), through the same services and selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, CleanSerializer, ReferenceAPIMixin, ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, require

from . import services
from .models import Activity, ActivityQuantity, ActivityTeam, ActivityType


class ActivityTypeSerializer(CleanModelSerializer):
    class Meta:
        model = ActivityType
        fields = ["id", "code", "name", "is_active", "area", "summary_heading"]


class QuantitySerializer(CleanModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True)
    name = serializers.CharField(source="kind.name", read_only=True)
    unit = serializers.CharField(source="kind.unit", read_only=True)

    class Meta:
        model = ActivityQuantity
        fields = ["kind", "name", "unit", "amount"]


class ActivitySerializer(CleanModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    quantities = QuantitySerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "type",
            "type_name",
            "title",
            "start_date",
            "end_date",
            "place",
            "unit",
            "unit_name",
            "participant_count",
            "money_spent",
            "summary",
            "quantities",
        ]
        extra_kwargs = {"end_date": {"required": False}, "participant_count": {"required": False}}


class TeamSerializer(CleanModelSerializer):
    class Meta:
        model = ActivityTeam
        fields = ["id", "activity", "name", "unit", "members", "result"]
        read_only_fields = ["activity", "unit"]


class ParticipantSerializer(CleanSerializer):
    person = serializers.IntegerField(label="人员")


ACTIVITY_EXAMPLE = {
    "type": 1,
    "title": "“三八”妇女节趣味运动会",
    "start_date": "2027-03-08",
    "end_date": "2027-03-08",
    "place": "镇文化广场",
    "unit": 1,
    "participant_count": 120,
    "money_spent": "1500.00",
    "summary": "全镇各村妇女代表参加",
}


@extend_schema_view(
    create=extend_schema(examples=[OpenApiExample("登记活动", value=ACTIVITY_EXAMPLE, request_only=True)]),
    update=extend_schema(examples=[OpenApiExample("修改活动", value=ACTIVITY_EXAMPLE, request_only=True)]),
    partial_update=extend_schema(
        examples=[OpenApiExample("更正人数", value={"participant_count": 135}, request_only=True)]
    ),
)
class ActivityViewSet(ScopedAPIMixin, viewsets.ModelViewSet):
    """Activities in the caller's scope. Writes go through the services (scope-checked, audited)."""

    queryset = Activity.objects.select_related("type", "unit").prefetch_related("quantities__kind")
    serializer_class = ActivitySerializer
    view_capability = "activities.view"
    change_capability = "activities.change"

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.activity_create(user=self.request.user, **data)

    def perform_update(self, serializer):
        services.activity_update(
            user=self.request.user, activity=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        require(self.request.user, "activities.change", instance)
        services.activity_delete(user=self.request.user, activity=instance)

    @extend_schema(
        request=TeamSerializer,
        responses={201: TeamSerializer},
        examples=[
            OpenApiExample(
                "参赛队伍",
                value={"name": "青龙村代表队", "members": 12, "result": "第一名"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def teams(self, request, pk=None):
        """为比赛类活动添加参赛队伍（队名、队员人数、成绩/名次）。"""
        activity = self.get_object()
        body = TeamSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        team = services.team_add(
            activity=activity,
            name=data["name"],
            members=data.get("members") or 0,
            result=data.get("result", ""),
        )
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ParticipantSerializer,
        responses={201: None},
        examples=[OpenApiExample("关联参加人员", value={"person": 1}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        """关联一名参加人员（服务对象台账中的人）；参加人数少于已关联人数时随之增加。"""
        from fulian.people.models import Person

        activity = self.get_object()
        body = ParticipantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = get_visible_or_404(
            request.user, Person, "activities.change", pk=body.validated_data["person"]
        )
        services.participant_add(user=request.user, activity=activity, person=person)
        return Response({"person": person.pk}, status=status.HTTP_201_CREATED)


class ActivityTypeViewSet(ReferenceAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The managed list of activity types (the same for the whole county): any user with a role reads it."""

    queryset = ActivityType.objects.all()
    serializer_class = ActivityTypeSerializer


def register(router) -> None:
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("activity-types", ActivityTypeViewSet, basename="activity-type")
