"""The screening ledger under /api/v1/health/…; a screening's results in full only when the user holds
`health.results` on its own village (per row), and every response that shows them is written to the
access log."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    CreateWithServiceMixin,
    ScopedAPIMixin,
    ScopedRelatedField,
)
from fulian.core.scoping import require

from . import selectors, services
from .models import Campaign, Hospital, Result, Screening, ScreeningCount


class HospitalSerializer(CleanModelSerializer):
    class Meta:
        model = Hospital
        fields = ["id", "name", "phone", "note"]


class HospitalViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    view_capability = "health.view"
    queryset = Hospital.objects.order_by("name")
    serializer_class = HospitalSerializer


class CampaignSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", "health.campaign_change")
    hospitals = serializers.PrimaryKeyRelatedField(queryset=Hospital.objects.all(), many=True, required=False)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "kind",
            "unit",
            "hospitals",
            "started_on",
            "ended_on",
            "age_min",
            "age_max",
            "target_count",
            "note",
        ]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "筛查项目",
                value={
                    "name": "2027年两癌筛查",
                    "kind": "two_cancers",
                    "unit": 1,
                    "started_on": "2027-04-01",
                    "ended_on": "2027-10-31",
                    "age_min": 35,
                    "age_max": 64,
                    "target_count": 3200,
                },
                request_only=True,
            )
        ]
    )
)
class CampaignViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "health.view"
    change_capability = "health.campaign_change"
    queryset = Campaign.objects.prefetch_related("hospitals").order_by("-started_on", "-id")
    serializer_class = CampaignSerializer

    def perform_service(self, data):
        return services.campaign_create(user=self.request.user, **data)


RESULT_FIELDS = [
    "result",
    "site",
    "finding",
    "referred_to",
    "referred_on",
    "treatment",
    "treatment_note",
    "free_surgery",
]


class ScreeningSerializer(CleanModelSerializer):
    campaign = ScopedRelatedField(Campaign, "health.view")
    person = ScopedRelatedField("people.Person", "health.change")
    person_name = serializers.CharField(source="person.name", read_only=True)
    hospital = serializers.PrimaryKeyRelatedField(
        queryset=Hospital.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Screening
        fields = [
            "id",
            "campaign",
            "person",
            "person_name",
            "village",
            "hospital",
            "screened_on",
            "age",
            *RESULT_FIELDS,
        ]
        read_only_fields = ["village", "age", *RESULT_FIELDS]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.pk not in self.context.get("results_shown", ()):
            data.update(dict.fromkeys(RESULT_FIELDS, selectors.MASK))
        return data


class ResultSerializer(CleanSerializer):
    result = serializers.ChoiceField(choices=Result.choices, label="筛查结果")
    site = serializers.ChoiceField(choices=Screening.Site.choices, required=False, allow_blank=True)
    finding = serializers.CharField(required=False, allow_blank=True)
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=100)
    referred_on = serializers.DateField(required=False, allow_null=True)
    treatment = serializers.ChoiceField(choices=Screening.Treatment.choices, required=False, allow_blank=True)
    treatment_note = serializers.CharField(required=False, allow_blank=True)
    free_surgery = serializers.BooleanField(required=False, default=False)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "登记筛查", value={"campaign": 1, "person": 1, "screened_on": "2027-06-10"}, request_only=True
            )
        ]
    )
)
class ScreeningViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "health.view"
    change_capability = "health.change"
    queryset = Screening.objects.select_related("person", "village").order_by("-screened_on", "-id")
    serializer_class = ScreeningSerializer

    def get_serializer_class(self):
        return ResultSerializer if self.action == "result" else ScreeningSerializer

    def capability_for(self, request):
        if getattr(self, "action", None) == "result":
            return "health.results"
        return super().capability_for(request)

    def _respond(self, screenings, what):
        shown = selectors.disclose_results(user=self.request.user, screenings=screenings, what=what)
        return {**self.get_serializer_context(), "results_shown": shown}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = self._respond(page, "接口名单")
        return self.get_paginated_response(ScreeningSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return Response(ScreeningSerializer(obj, context=self._respond([obj], "接口详情")).data)

    def perform_service(self, data):
        return services.screening_record(user=self.request.user, **data)

    @extend_schema(
        examples=[
            OpenApiExample(
                "阳性结果",
                value={
                    "result": "positive",
                    "site": "breast",
                    "referred_to": "达州市中心医院",
                    "free_surgery": True,
                },
                request_only=True,
            )
        ]
    )
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        screening = self.get_object()
        require(request.user, "health.results", screening)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = services.screening_result_set(
            user=request.user, screening=screening, **serializer.validated_data
        )
        return Response(
            ScreeningSerializer(screening, context=self._respond([screening], "接口登记结果")).data
        )


class CountSerializer(CleanModelSerializer):
    campaign = ScopedRelatedField(Campaign, "health.view")
    village = ScopedRelatedField("orgs.OrgUnit", "health.change")

    class Meta:
        model = ScreeningCount
        fields = [
            "id",
            "campaign",
            "village",
            "reported_on",
            "screened",
            "abnormal",
            "positive",
            "free_surgeries",
            "note",
        ]
        validators = []  # the service updates the village's row instead of refusing a second one


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "村汇总数",
                value={
                    "campaign": 1,
                    "village": 1,
                    "reported_on": "2027-06-10",
                    "screened": 120,
                    "abnormal": 3,
                    "positive": 1,
                    "free_surgeries": 0,
                },
                request_only=True,
            )
        ]
    )
)
class CountViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "health.view"
    change_capability = "health.change"
    queryset = ScreeningCount.objects.order_by("village__path", "id")
    serializer_class = CountSerializer

    def perform_service(self, data):
        return services.screening_count_report(user=self.request.user, **data)


def register(router) -> None:
    router.register("health/hospitals", HospitalViewSet, basename="health-hospital")
    router.register("health/campaigns", CampaignViewSet, basename="health-campaign")
    router.register("health/screenings", ScreeningViewSet, basename="health-screening")
    router.register("health/counts", CountViewSet, basename="health-count")
