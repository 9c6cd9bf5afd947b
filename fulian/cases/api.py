"""Cases over the API (/api/v1/cases/, /api/v1/case-figures/): the same rules as the pages.

- list: 401 anonymous, 403 for roles that hold `cases.view` nowhere, else only the cases she may see;
- retrieve: 404 for anyone the case is hidden from, whatever her role (a 403 would say it exists);
  each retrieval writes one access-log row;
- figures: counts only (`cases.stats`), small counts suppressed (`selectors.suppress`).
"""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.core.models import AccessLog
from fulian.core.scoping import scope_for
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .models import Case, FollowUp, ProtectionMeasure, Referral


class CasePermission(permissions.BasePermission):
    """401 anonymous; the list needs `cases.view` somewhere (403); a detail is decided by the rule (404)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if view.action != "retrieve" and not scope_for(request.user).has(view.view_capability):
            raise PermissionDenied("您的角色无权执行此操作")
        return True


class CaseListSerializer(CleanModelSerializer):
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "kind",
            "type",
            "channel",
            "status",
            "risk_level",
            "received_at",
            "closed_at",
            "handling_unit",
            "handling_unit_name",
        ]
        read_only_fields = fields


class ReferralSerializer(CleanModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "body", "body_name", "asked", "referred_on", "status", "outcome", "closed_on"]
        read_only_fields = fields


class MeasureSerializer(CleanModelSerializer):
    class Meta:
        model = ProtectionMeasure
        fields = [
            "id",
            "kind",
            "body",
            "applicant",
            "applied_at",
            "urgent",
            "decision_due_at",
            "decision",
            "decided_at",
            "issued_on",
            "valid_from",
            "valid_until",
            "note",
        ]
        read_only_fields = fields


class FollowUpSerializer(CleanModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "visited_on", "method", "note", "next_visit_on"]
        read_only_fields = fields


class CaseDetailSerializer(CaseListSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_id_number = serializers.CharField(source="person.id_number_masked", read_only=True)
    referrals = ReferralSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    followups = FollowUpSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "person",
            "person_name",
            "person_id_number",
            "village",
            "referred_by",
            "respondent_name",
            "respondent_relation",
            "narrative",
            "request",
            "outcome",
            "satisfaction",
            "closing_note",
            "referrals",
            "measures",
            "followups",
        ]
        read_only_fields = fields


class CaseViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """维权案件：仅承办专员、承办乡镇主席及紧急调阅人可见；其他人一律 404。"""

    view_capability = "cases.view"
    permission_classes = [CasePermission]
    queryset = Case.objects.select_related("handling_unit")

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseListSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.case_list_visible_to(user=self.request.user).prefetch_related(
                "referrals__body", "measures", "followups"
            )
        return (
            selectors.case_list_visible_to(user=self.request.user)
            .select_related(None)
            .select_related("handling_unit")
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        case = self.get_object()
        services.case_disclosure_log(user=request.user, case=case, action=AccessLog.Action.VIEW, detail="API")
        return Response(self.get_serializer(case).data)


def _date(request: Request, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.query_params.get(name, ""))
    except ValueError as exc:
        raise ValidationError({name: "请填写日期，格式 YYYY-MM-DD"}) from exc


class CaseFiguresViewSet(ScopedAPIMixin, viewsets.ViewSet):
    """维权统计（只有数字）。除非您能查看所统计的每一件案件，1–4 件显示为“不足5”，0 仍为 0，
    平均办结天数在办结不足5件时为 null。"""

    view_capability = "cases.stats"

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="单位ID"),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter("by_child", OpenApiTypes.BOOL, description="按下级单位分组"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request: Request) -> Response:
        try:
            unit_id = int(request.query_params.get("unit", ""))
        except ValueError as exc:
            raise ValidationError({"unit": "请填写单位ID"}) from exc
        unit = get_object_or_404(OrgUnit.objects.filter(scope_for(request.user).q("cases.stats")), pk=unit_id)
        start, end = _date(request, "start"), _date(request, "end")
        if end < start:
            raise ValidationError({"end": "截止日期不能早于起始日期"})
        by_child = request.query_params.get("by_child", "").lower() in {"1", "true", "yes"}
        data = selectors.figures(user=request.user, unit=unit, start=start, end=end, group_by_child=by_child)
        return Response({str(k): v for k, v in data.items()} if by_child else data)


def register(router) -> None:
    router.register("cases", CaseViewSet, basename="case")
    router.register("case-figures", CaseFiguresViewSet, basename="case-figures")
