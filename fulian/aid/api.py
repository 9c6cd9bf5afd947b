"""/api/v1/aid/…: programmes (with totals), applications (submit, review, approve, reject) and
disbursements (create, cancel), through the same services and selectors as the pages."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, visible

from . import selectors, services
from .models import Application, Disbursement, Programme


class ProgrammeSerializer(CleanModelSerializer):
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    persons = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "year",
            "unit",
            "form",
            "budget",
            "min_amount",
            "max_amount",
            "is_open",
            "disbursed",
            "committed",
            "persons",
        ]


class ApplicationSerializer(CleanModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "programme",
            "person",
            "person_name",
            "amount",
            "reason",
            "status",
            "repeat_warning",
            "submitted_at",
        ]
        read_only_fields = ["status", "repeat_warning", "submitted_at"]


class DisbursementSerializer(CleanModelSerializer):
    class Meta:
        model = Disbursement
        fields = [
            "id",
            "application",
            "kind",
            "amount",
            "paid_on",
            "method",
            "note",
            "status",
            "cancel_reason",
        ]
        read_only_fields = ["status", "cancel_reason"]


class ProgrammeViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Programmes the caller can see, with totals over the records within her scope."""

    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    view_capability = "aid.view"

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user)


class ApplicationViewSet(
    ScopedAPIMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Application.objects.select_related("person", "programme")
    serializer_class = ApplicationSerializer
    view_capability = "aid.view"
    change_capability = "aid.apply"

    def perform_create(self, serializer):
        from fulian.people.models import Person

        data = serializer.validated_data
        user = self.request.user
        person = get_visible_or_404(user, Person, "aid.apply", pk=data["person"].pk)
        programme = get_visible_or_404(user, Programme, "aid.apply", pk=data["programme"].pk)
        serializer.instance = services.application_submit(
            user=user,
            programme=programme,
            person=person,
            amount=data["amount"],
            reason=data.get("reason", ""),
        )

    def _act(self, fn, request, pk):
        app = get_visible_or_404(request.user, Application, "aid.view", pk=pk)
        app = fn(user=request.user, application=app, note=str(request.data.get("note", "")))
        return Response(ApplicationSerializer(app).data)

    def capability_for(self, request) -> str:
        # Workflow actions check their own capability on the record inside the service.
        if getattr(self, "action", None) in {"review", "approve", "reject"}:
            return "aid.view"
        return super().capability_for(request)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._act(services.application_review, request, pk)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(services.application_approve, request, pk)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(services.application_reject, request, pk)


class DisbursementViewSet(
    ScopedAPIMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Disbursement.objects.select_related("application")
    serializer_class = DisbursementSerializer
    view_capability = "aid.view"
    change_capability = "aid.disburse"

    def perform_create(self, serializer):
        data = serializer.validated_data
        app = get_visible_or_404(
            self.request.user,
            visible(self.request.user, Application, "aid.view"),
            "aid.view",
            pk=data["application"].pk,
        )
        serializer.instance = services.disbursement_create(
            user=self.request.user,
            application=app,
            kind=data.get("kind", Disbursement.Kind.CASH),
            amount=data.get("amount"),
            paid_on=data.get("paid_on"),
            method=data.get("method", ""),
            note=data.get("note", ""),
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        d = self.get_object()
        d = services.disbursement_cancel(
            user=request.user, disbursement=d, reason=str(request.data.get("reason", ""))
        )
        return Response(DisbursementSerializer(d).data)


def register(router) -> None:
    router.register("aid/programmes", ProgrammeViewSet, basename="aid-programme")
    router.register("aid/applications", ApplicationViewSet, basename="aid-application")
    router.register("aid/disbursements", DisbursementViewSet, basename="aid-disbursement")
