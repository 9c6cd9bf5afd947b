"""/api/v1/assessment/…: assessments (with results), audit sheets (with scores; score an item), draws;
through the same services and selectors as the pages."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.core.scoping import can

from . import selectors, services
from .models import Assessment, Draw, Score, Sheet


class AssessmentSerializer(CleanModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "title",
            "year",
            "unit",
            "rubric",
            "status",
            "weight_self",
            "weight_regular",
            "weight_final",
            "bonus_cap",
            "diff_threshold",
            "bands",
            "published_at",
            "appeal_until",
        ]


class ScoreSerializer(CleanModelSerializer):
    class Meta:
        model = Score
        fields = ["item", "part", "points", "deduction", "vetoed", "reason", "value"]


class SheetSerializer(CleanModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Sheet
        fields = [
            "id",
            "assessment",
            "village",
            "village_name",
            "status",
            "regular_points",
            "cross_findings",
            "scores",
        ]


class DrawSerializer(CleanModelSerializer):
    class Meta:
        model = Draw
        fields = [
            "id",
            "assessment",
            "seed",
            "village_count",
            "village_ratio",
            "by_zone",
            "women_ratio",
            "population",
            "result",
            "created_by",
            "created_at",
            "superseded_by",
            "superseded_reason",
        ]


class AssessmentViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments the caller can see; `results/` gives totals, grades and ranks of the sheets she may see
    (village chairs: only after publication)."""

    queryset = Assessment.objects.select_related("unit")
    serializer_class = AssessmentSerializer
    view_capability = "assessment.view"

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        a = self.get_object()
        if a.status == Assessment.Status.OPEN and not can(request.user, "assessment.score", a):
            return Response([])
        return Response(
            [
                {
                    "village": r.sheet.village_id,
                    "village_name": r.sheet.village.name,
                    "rank": r.rank,
                    "total": str(r.result.total),
                    "grade": r.result.grade,
                    "vetoed": r.result.vetoed,
                }
                for r in selectors.results(assessment=a, user=request.user)
            ]
        )


class SheetViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Audit sheets (an assessor: only her groups' villages). POST `score/` with item, part (self|final),
    points or deduction, reason, vetoed."""

    queryset = Sheet.objects.select_related("village").prefetch_related("scores")
    serializer_class = SheetSerializer
    view_capability = "assessment.view"

    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        sheet = self.get_object()
        item = sheet.assessment.rubric.items().filter(pk=request.data.get("item") or 0).first()
        if item is None:
            raise ValidationError({"item": "请选择考核项目"})
        fn = services.score_self if request.data.get("part") == "self" else services.score_final
        s = fn(
            user=request.user,
            sheet=sheet,
            item=item,
            points=request.data.get("points"),
            deduction=request.data.get("deduction"),
            reason=str(request.data.get("reason", "")),
            vetoed=bool(request.data.get("vetoed")),
        )
        return Response(ScoreSerializer(s).data)


class DrawViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Draws (read-only: a draw is never edited, only superseded)."""

    queryset = Draw.objects.all()
    serializer_class = DrawSerializer
    view_capability = "assessment.manage"


def register(router) -> None:
    router.register("assessment/assessments", AssessmentViewSet, basename="assessment-assessment")
    router.register("assessment/sheets", SheetViewSet, basename="assessment-sheet")
    router.register("assessment/draws", DrawViewSet, basename="assessment-draw")
