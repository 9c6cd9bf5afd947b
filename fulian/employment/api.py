"""The employment ledger under /api/v1/employment/…"""

from __future__ import annotations

from rest_framework import mixins, viewsets

from fulian.core.api import CleanModelSerializer, CreateWithServiceMixin, ScopedAPIMixin, ScopedRelatedField

from . import services
from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

CAP, CHANGE = "employment.view", "employment.change"


class _Base(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = CAP
    change_capability = CHANGE
    service = None

    def perform_service(self, data):
        return type(self).service(user=self.request.user, **data)


class TrainingSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Training
        fields = ["id", "title", "unit", "started_on", "ended_on", "place", "subject", "partner", "note"]


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


class TraineeViewSet(_Base):
    queryset = Trainee.objects.order_by("id")
    serializer_class = TraineeSerializer
    service = services.trainee_add


class FairSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = JobFair
        fields = ["id", "title", "unit", "held_on", "place", "attendees", "note"]


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


class LoanViewSet(_Base):
    queryset = Loan.objects.order_by("-granted_on", "-id")
    serializer_class = LoanSerializer
    service = services.loan_record


def register(router) -> None:
    router.register("employment/trainings", TrainingViewSet, basename="employment-training")
    router.register("employment/trainees", TraineeViewSet, basename="employment-trainee")
    router.register("employment/fairs", FairViewSet, basename="employment-fair")
    router.register("employment/employers", EmployerViewSet, basename="employment-employer")
    router.register("employment/entrepreneurs", EntrepreneurViewSet, basename="employment-entrepreneur")
    router.register("employment/loans", LoanViewSet, basename="employment-loan")
