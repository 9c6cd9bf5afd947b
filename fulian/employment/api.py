"""The employment ledger under /api/v1/employment/…"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    ScopedCreateViewSet,
    ScopedRelatedField,
)

from . import services
from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

CAP, CHANGE = "employment.view", "employment.change"


class _Base(ScopedCreateViewSet):
    view_capability = CAP
    change_capability = CHANGE


class TrainingSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Training
        fields = ["id", "title", "unit", "started_on", "ended_on", "place", "subject", "partner", "note"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "培训",
                value={
                    "title": "家政服务技能培训",
                    "unit": 1,
                    "started_on": "2027-05-10",
                    "ended_on": "2027-05-12",
                    "place": "镇文化站",
                    "subject": "家政",
                },
                request_only=True,
            )
        ]
    )
)
class TrainingViewSet(_Base):
    queryset = Training.objects.order_by("-started_on", "-id")
    serializer_class = TrainingSerializer
    service = services.training_create


class TraineeSerializer(CleanModelSerializer):
    training = ScopedRelatedField(Training, CAP)
    person = ScopedRelatedField("people.Person", CHANGE)

    class Meta:
        model = Trainee
        fields = ["id", "training", "person", "village", "completed", "certified"]
        read_only_fields = ["village"]
        validators = []  # the service says which person is already on the list, in Chinese


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "学员",
                value={"training": 1, "person": 1, "completed": True, "certified": False},
                request_only=True,
            )
        ]
    )
)
class TraineeViewSet(_Base):
    queryset = Trainee.objects.order_by("id")
    serializer_class = TraineeSerializer
    service = services.trainee_add


class FairSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = JobFair
        fields = ["id", "title", "unit", "held_on", "place", "attendees", "note"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "招聘会",
                value={
                    "title": "春风行动女性专场招聘会",
                    "unit": 1,
                    "held_on": "2027-03-01",
                    "place": "镇政府广场",
                    "attendees": 120,
                },
                request_only=True,
            )
        ]
    )
)
class FairViewSet(_Base):
    queryset = JobFair.objects.order_by("-held_on", "-id")
    serializer_class = FairSerializer
    service = services.fair_create


class EmployerSerializer(CleanModelSerializer):
    fair = ScopedRelatedField(JobFair, CHANGE)

    class Meta:
        model = FairEmployer
        fields = ["id", "fair", "name", "posts_offered", "hires"]
        validators = []  # a second report of the same employer corrects the first


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "参会企业",
                value={"fair": 1, "name": "万源市富硒茶业公司", "posts_offered": 30, "hires": 8},
                request_only=True,
            )
        ]
    )
)
class EmployerViewSet(_Base):
    queryset = FairEmployer.objects.order_by("id")
    serializer_class = EmployerSerializer
    service = services.employer_add


class EntrepreneurSerializer(CleanModelSerializer):
    person = ScopedRelatedField("people.Person", CHANGE)

    class Meta:
        model = Entrepreneur
        fields = [
            "id",
            "person",
            "village",
            "kind",
            "business_name",
            "business_type",
            "started_on",
            "employees",
            "note",
        ]
        read_only_fields = ["village"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "创业女性",
                value={
                    "person": 1,
                    "kind": "returnee",
                    "business_name": "青龙电商服务部",
                    "started_on": "2026-09-01",
                    "employees": 3,
                },
                request_only=True,
            )
        ]
    )
)
class EntrepreneurViewSet(_Base):
    queryset = Entrepreneur.objects.order_by("id")
    serializer_class = EntrepreneurSerializer
    service = services.entrepreneur_register


class LoanSerializer(CleanModelSerializer):
    entrepreneur = ScopedRelatedField(Entrepreneur, CHANGE)

    class Meta:
        model = Loan
        fields = [
            "id",
            "entrepreneur",
            "village",
            "amount",
            "bank",
            "granted_on",
            "term_months",
            "repaid",
            "repaid_on",
        ]
        read_only_fields = ["village", "repaid", "repaid_on"]


class RepaidSerializer(CleanSerializer):
    repaid_on = serializers.DateField(label="还清日期")


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "创业担保贷款",
                value={
                    "entrepreneur": 1,
                    "amount": "50000.00",
                    "bank": "万源农商银行",
                    "granted_on": "2027-04-01",
                    "term_months": 24,
                },
                request_only=True,
            )
        ]
    )
)
class LoanViewSet(_Base):
    queryset = Loan.objects.order_by("-granted_on", "-id")
    serializer_class = LoanSerializer
    service = services.loan_record

    @extend_schema(
        request=RepaidSerializer,
        responses=LoanSerializer,
        examples=[OpenApiExample("还清", value={"repaid_on": "2027-06-01"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def repaid(self, request, pk=None):
        """标记贷款已还清（还清日期不能晚于今天）。"""
        loan = self.get_object()
        body = RepaidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        loan = services.loan_mark_repaid(user=request.user, loan=loan, **body.validated_data)
        return Response(LoanSerializer(loan, context=self.get_serializer_context()).data)


def register(router) -> None:
    router.register("employment/trainings", TrainingViewSet, basename="employment-training")
    router.register("employment/trainees", TraineeViewSet, basename="employment-trainee")
    router.register("employment/fairs", FairViewSet, basename="employment-fair")
    router.register("employment/employers", EmployerViewSet, basename="employment-employer")
    router.register("employment/entrepreneurs", EntrepreneurViewSet, basename="employment-entrepreneur")
    router.register("employment/loans", LoanViewSet, basename="employment-loan")
