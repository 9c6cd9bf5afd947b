"""Organisation building under /api/v1/orgbuild/…: the same selectors, services and scoping as the pages.
Elections, trainings and places are created through their services; rounds carry their boxes and, once
counted, who is elected; posts are the roster rows with their record."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from fulian.core.api import CleanModelSerializer, ScopedCreateViewSet, ScopedReadViewSet, ScopedRelatedField
from fulian.orgs.models import FederationMember

from . import services
from .models import CadreTraining, Candidate, Election, Place, Round, SeatShare, Step

VIEW, RUN, CHANGE = "orgbuild.view", "orgbuild.run", "orgbuild.change"


class _Read(ScopedReadViewSet):
    view_capability = VIEW


class _Create(ScopedCreateViewSet, _Read):
    """A viewset of this app that also creates through `service`."""


class StepSerializer(CleanModelSerializer):
    class Meta:
        model = Step
        fields = ["kind", "done_on", "place", "attendance", "minutes"]


class ShareSerializer(CleanModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = SeatShare
        fields = ["group", "group_name", "women", "from_registry", "seats"]


class ElectionSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", RUN)
    steps = StepSerializer(many=True, read_only=True)
    shares = ShareSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "unit",
            "kind",
            "title",
            "representative_seats",
            "committee_seats",
            "vice_chair_seats",
            "seat_method",
            "ratio_percent",
            "term_years",
            "vote_date",
            "applied_on",
            "steps",
            "shares",
        ]
        read_only_fields = ["vote_date", "applied_on"]


def _example(title: str, value: dict):
    return extend_schema_view(
        create=extend_schema(examples=[OpenApiExample(title, value=value, request_only=True)])
    )


@_example(
    "村妇联改建",
    {
        "unit": 7,
        "kind": "restructure",
        "title": "包台村妇代会改建妇联",
        "representative_seats": 32,
        "committee_seats": 9,
        "vice_chair_seats": 2,
        "seat_method": "largest_remainder",
        "ratio_percent": 20,
        "term_years": 5,
    },
)
class ElectionViewSet(_Create):
    queryset = Election.objects.select_related("unit").order_by("-id")
    serializer_class = ElectionSerializer
    change_capability = RUN
    service = services.election_create


class CandidateSerializer(CleanModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "election", "contest", "person", "name", "group", "full_time", "outcome", "votes"]


class CandidateViewSet(_Read):
    queryset = Candidate.objects.select_related("person").order_by("election", "contest", "id")
    serializer_class = CandidateSerializer


class RoundSerializer(CleanModelSerializer):
    boxes = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "election", "contest", "group", "number", "seats", "held_on", "entitled", "present"]
        fields += ["closed", "problems", "boxes"]

    def get_boxes(self, obj) -> list[dict]:
        return [
            {
                "name": b.name,
                "issued": b.issued,
                "returned": b.returned,
                "void": b.void,
                "votes": {str(v.candidate_id): v.votes for v in b.votes.all()},
            }
            for b in obj.boxes.all()
        ]


class RoundViewSet(_Read):
    queryset = Round.objects.prefetch_related("boxes__votes").order_by("id")
    serializer_class = RoundSerializer


class PostSerializer(CleanModelSerializer):
    person = serializers.IntegerField(source="post_record.person_id", read_only=True, default=None)
    how = serializers.CharField(source="post_record.how", read_only=True, default="")
    reason = serializers.CharField(source="post_record.reason", read_only=True, default="")
    removed_reason = serializers.CharField(source="post_record.removed_reason", read_only=True, default="")

    class Meta:
        model = FederationMember
        fields = ["id", "unit", "name", "position", "term_start", "term_end", "person", "how", "reason"]
        fields += ["removed_reason"]


class PostViewSet(_Read):
    """The roster with its history (orgs.FederationMember rows and their records)."""

    queryset = FederationMember.objects.select_related("post_record").order_by(
        "unit__path", "-term_start", "id"
    )
    serializer_class = PostSerializer


class CadreTrainingSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = CadreTraining
        fields = ["id", "unit", "kind", "title", "started_on", "ended_on", "hours", "place", "note"]


@_example(
    "以会代训",
    {
        "unit": 7,
        "kind": "meeting",
        "title": "村妇联执委业务培训",
        "started_on": "2026-03-08",
        "ended_on": "2026-03-08",
        "hours": "3.5",
        "place": "村委会会议室",
    },
)
class CadreTrainingViewSet(_Create):
    queryset = CadreTraining.objects.order_by("-started_on", "-id")
    serializer_class = CadreTrainingSerializer
    change_capability = CHANGE
    service = services.training_create


class PlaceSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Place
        fields = ["id", "unit", "kind", "name", "status", "area", "opened_on", "note"]


@_example(
    "妇女之家",
    {
        "unit": 7,
        "kind": "home",
        "name": "包台村妇女之家",
        "status": "in_use",
        "area": "60.0",
        "opened_on": "2026-05-01",
    },
)
class PlaceViewSet(_Create):
    queryset = Place.objects.order_by("unit_path", "id")
    serializer_class = PlaceSerializer
    change_capability = CHANGE
    service = services.place_create


def register(router) -> None:
    router.register("orgbuild/elections", ElectionViewSet, basename="orgbuild-election")
    router.register("orgbuild/candidates", CandidateViewSet, basename="orgbuild-candidate")
    router.register("orgbuild/rounds", RoundViewSet, basename="orgbuild-round")
    router.register("orgbuild/posts", PostViewSet, basename="orgbuild-post")
    router.register("orgbuild/trainings", CadreTrainingViewSet, basename="orgbuild-training")
    router.register("orgbuild/places", PlaceViewSet, basename="orgbuild-place")
