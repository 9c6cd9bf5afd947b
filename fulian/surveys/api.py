"""/api/v1/surveys/questionnaires/…: questionnaires with their questions, and their results."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin

from . import selectors
from .models import Question, Questionnaire


class QuestionSerializer(CleanModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "order", "text", "kind", "required", "options"]


class QuestionnaireSerializer(CleanModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "unit", "assessment", "title", "intro", "questions"]


class QuestionnaireViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Questionnaire.objects.prefetch_related("questions")
    serializer_class = QuestionnaireSerializer
    view_capability = "surveys.view"

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        res = selectors.results(user=request.user, questionnaire=self.get_object())
        return Response(
            {
                "responses": res.responses,
                "satisfaction": None if res.satisfaction is None else str(res.satisfaction),
                "by_village": [
                    {"village": n, "responses": c, "satisfaction": None if s is None else str(s)}
                    for n, c, s in res.by_village
                ],
            }
        )


def register(router) -> None:
    router.register("surveys/questionnaires", QuestionnaireViewSet, basename="surveys-questionnaire")
