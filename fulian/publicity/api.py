"""The publicity register under /api/v1/publicity/…"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from fulian.core.api import CleanModelSerializer, ScopedCreateViewSet, ScopedRelatedField

from . import services
from .models import Adoption, Piece

CAP, CHANGE = "publicity.view", "publicity.change"


class _Base(ScopedCreateViewSet):
    view_capability = CAP
    change_capability = CHANGE


class PieceSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Piece
        fields = ["id", "title", "kind", "unit", "authors", "written_on", "text", "link"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "信息",
                value={
                    "title": "竹峪镇妇联开展“三八”维权宣传活动",
                    "kind": "info",
                    "unit": 1,
                    "authors": "王丽、张敏",
                    "written_on": "2027-03-09",
                    "text": "3月8日，竹峪镇妇联联合司法所在集镇开展维权宣传……",
                },
                request_only=True,
            )
        ]
    )
)
class PieceViewSet(_Base):
    queryset = Piece.objects.select_related("unit").order_by("-written_on", "-id")
    serializer_class = PieceSerializer
    service = services.piece_create


class AdoptionSerializer(CleanModelSerializer):
    piece = ScopedRelatedField(Piece, CHANGE)

    class Meta:
        model = Adoption
        fields = ["id", "piece", "outlet", "outlet_name", "submitted_on", "adopted_on"]
        validators = []  # the service corrects an outlet already recorded instead of refusing it


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "被市妇联采用",
                value={
                    "piece": 1,
                    "outlet": "city_fed",
                    "submitted_on": "2027-03-09",
                    "adopted_on": "2027-03-10",
                },
                request_only=True,
            )
        ]
    )
)
class AdoptionViewSet(_Base):
    queryset = Adoption.objects.select_related("piece").order_by("submitted_on", "id")
    serializer_class = AdoptionSerializer
    service = services.adoption_record


def register(router) -> None:
    router.register("publicity/pieces", PieceViewSet, basename="publicity-pieces")
    router.register("publicity/adoptions", AdoptionViewSet, basename="publicity-adoptions")
