"""/api/v1/activities/: the activity ledger over the API, through the same services and selectors."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from fulian.core.api import CleanModelSerializer, ReferenceAPIMixin, ScopedAPIMixin
from fulian.core.scoping import require

from . import services
from .models import Activity, ActivityQuantity, ActivityType


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


class ActivityTypeViewSet(ReferenceAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The managed list of activity types (the same for the whole county): any user with a role reads it."""

    queryset = ActivityType.objects.all()
    serializer_class = ActivityTypeSerializer


def register(router) -> None:
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("activity-types", ActivityTypeViewSet, basename="activity-type")
