"""The pairing ledger under /api/v1/care/…: the same selectors, services and scoping as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    CreateWithServiceMixin,
    DisclosedFieldsMixin,
    DisclosureViewMixin,
    ScopedAPIMixin,
    ScopedRelatedField,
)
from fulian.core.masking import mask_mobile
from fulian.core.scoping import require

from . import services
from .models import Pairing, Visit, VisitFrequency, Volunteer


class VolunteerSerializer(DisclosedFieldsMixin, CleanModelSerializer):
    """The phone number in full only on a volunteer of a unit where the user may unmask personal data."""

    disclosed_fields = {"phone": mask_mobile}
    person = ScopedRelatedField("people.Person", "care.change")
    person_name = serializers.CharField(source="person.__str__", read_only=True)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "person",
            "person_name",
            "village",
            "kind",
            "phone",
            "registered_on",
            "left_on",
            "note",
        ]
        read_only_fields = ["village", "left_on"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "登记志愿者",
                value={
                    "person": 1,
                    "kind": "caring_mother",
                    "phone": "13812345678",
                    "registered_on": "2027-06-01",
                },
                request_only=True,
            )
        ]
    )
)
class VolunteerViewSet(
    CreateWithServiceMixin,
    DisclosureViewMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "care.view"
    change_capability = "care.change"
    disclose_capability = "people.unmask"
    disclose_label = "志愿者联系电话"
    queryset = Volunteer.objects.select_related("person").order_by("id")
    serializer_class = VolunteerSerializer

    def perform_service(self, data):
        return services.volunteer_register(user=self.request.user, **data)


class PairingSerializer(CleanModelSerializer):
    volunteer = ScopedRelatedField(Volunteer, "care.change")
    child = ScopedRelatedField("people.Person", "care.change")
    frequency = serializers.ChoiceField(choices=VisitFrequency.choices, default=VisitFrequency.MONTHLY)

    class Meta:
        model = Pairing
        fields = [
            "id",
            "volunteer",
            "child",
            "village",
            "started_on",
            "ended_on",
            "reason",
            "end_reason",
            "frequency",
            "next_visit_due",
            "replaced_by",
        ]
        read_only_fields = ["village", "ended_on", "end_reason", "next_visit_due", "replaced_by"]


class EndSerializer(CleanSerializer):
    ended_on = serializers.DateField(label="结束日期")
    end_reason = serializers.CharField(label="结束原因", max_length=200)


class RepairSerializer(CleanSerializer):
    volunteer = ScopedRelatedField(Volunteer, "care.change")
    started_on = serializers.DateField(label="新结对日期")
    reason = serializers.CharField(label="重新结对原因", max_length=150)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "结对",
                value={
                    "volunteer": 1,
                    "child": 1,
                    "started_on": "2027-06-01",
                    "reason": "父母外出务工",
                    "frequency": 30,
                },
                request_only=True,
            )
        ]
    )
)
class PairingViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "care.view"
    change_capability = "care.change"
    queryset = Pairing.objects.order_by("-id")
    serializer_class = PairingSerializer

    def perform_service(self, data):
        return services.pairing_create(user=self.request.user, **data)

    def get_serializer_class(self):
        return {"end": EndSerializer, "repair": RepairSerializer}.get(self.action, PairingSerializer)

    @extend_schema(
        examples=[
            OpenApiExample(
                "结束结对",
                value={"ended_on": "2027-06-10", "end_reason": "儿童随父母迁出"},
                request_only=True,
            )
        ]
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        pairing = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pairing = services.pairing_end(user=request.user, pairing=pairing, **serializer.validated_data)
        return Response(PairingSerializer(pairing, context=self.get_serializer_context()).data)

    @extend_schema(
        examples=[
            OpenApiExample(
                "重新结对",
                value={"volunteer": 1, "started_on": "2027-06-10", "reason": "原志愿者外出务工"},
                request_only=True,
            )
        ]
    )
    @action(detail=True, methods=["post"])
    def repair(self, request, pk=None):
        pairing = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = services.pairing_repair(user=request.user, pairing=pairing, **serializer.validated_data)
        data = PairingSerializer(new, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


class VisitSerializer(CleanModelSerializer):
    pairing = ScopedRelatedField(Pairing, "care.visit")

    class Meta:
        model = Visit
        fields = [
            "id",
            "pairing",
            "village",
            "visited_on",
            "kind",
            "notes",
            "needs_found",
            "need_solved",
            "recorded_by",
        ]
        read_only_fields = ["village", "recorded_by"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "走访",
                value={
                    "pairing": 1,
                    "visited_on": "2027-06-10",
                    "kind": "home",
                    "notes": "学习情况良好",
                    "needs_found": "需要学习用品",
                },
                request_only=True,
            )
        ]
    )
)
class VisitViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "care.view"
    change_capability = "care.visit"
    queryset = Visit.objects.order_by("-visited_on", "-id")
    serializer_class = VisitSerializer

    def perform_service(self, data):
        require(self.request.user, "care.visit", data["pairing"])
        return services.visit_record(user=self.request.user, **data)


def register(router) -> None:
    router.register("care/volunteers", VolunteerViewSet, basename="care-volunteer")
    router.register("care/pairings", PairingViewSet, basename="care-pairing")
    router.register("care/visits", VisitViewSet, basename="care-visit")
