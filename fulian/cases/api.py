"""Cases over the API (/api/v1/cases/, /api/v1/case-figures/): the same rules as the pages.

- list: 401 anonymous, 403 for roles that hold `cases.view` nowhere, else only the cases she may see;
- retrieve: 404 for anyone the case is hidden from, whatever her role (a 403 would say it exists);
  each retrieval writes one access-log row;
- figures: counts only (`cases.stats`), small counts suppressed (`selectors.suppress`);
- intake (POST, `cases.create` in the handling town) and the steps the case page offers (assign —
  `cases.assign`; assess, handle, follow-up, close, reopen — `cases.change`): 404 first for a hidden case,
  then 403 if she may see it but not do this; each answer shows the case, so each writes an access-log row;
- referrals, police warnings and protection orders (apply, the court's decision) as on the page.
"""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from fulian.core.api import CleanModelSerializer, ScopedAPIMixin
from fulian.core.models import AccessLog
from fulian.core.scoping import require, scope_for
from fulian.orgs.models import Level, OrgUnit

from . import selectors, services
from .models import Case, FollowUp, ProtectionMeasure, Referral, ReferralBody
from .serializers import (
    AssessSerializer,
    AssignSerializer,
    CloseSerializer,
    FollowUpRequestSerializer,
    HandleSerializer,
    IntakeSerializer,
    OrderApplySerializer,
    OrderDecideSerializer,
    ReferralRequestSerializer,
    ReferralUpdateSerializer,
    ReopenSerializer,
    WarningSerializer,
)


class CasePermission(permissions.BasePermission):
    """401 anonymous; the list needs `cases.view` somewhere (403); a detail is decided by the rule (404)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        capability = "cases.create" if view.action == "create" else view.view_capability
        if view.action != "retrieve" and not scope_for(request.user).has(capability):
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


def _example(name: str, value: dict) -> list[OpenApiExample]:
    return [OpenApiExample(name, value=value, request_only=True)]


class CaseViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """维权案件：仅承办专员、承办乡镇主席及紧急调阅人可见；其他人一律 404。"""

    view_capability = "cases.view"
    permission_classes = [CasePermission]
    queryset = Case.objects.select_related("handling_unit")

    def get_serializer_class(self):
        return CaseListSerializer if self.action == "list" else CaseDetailSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.case_list_visible_to(user=self.request.user).prefetch_related(
                "referrals__body", "measures", "followups"
            )
        return (
            selectors.case_list_visible_to(user=self.request.user)
            .select_related(None)
            .select_related("handling_unit")
        )

    def _shown(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        """The case as its detail, with the access-log row the page writes when it shows a case."""
        case = self.get_queryset().get(pk=case.pk)
        services.case_disclosure_log(
            user=self.request.user, case=case, action=AccessLog.Action.VIEW, detail="API"
        )
        return Response(CaseDetailSerializer(case).data, status=code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return self._shown(self.get_object())

    @extend_schema(
        request=IntakeSerializer,
        responses={201: CaseDetailSerializer},
        examples=_example(
            "登记案件（台账中已有当事人）",
            {
                "handling_unit": 1,
                "kind": "case",
                "channel": "phone",
                "type": "domestic_violence",
                "person": 1,
                "respondent_name": "王某",
                "respondent_relation": "spouse",
                "narrative": "丈夫酒后殴打，邻居报警后离开",
                "request": "希望申请人身安全保护令",
            },
        ),
    )
    def create(self, request: Request) -> Response:
        """登记咨询或案件（来电、来访、转介）；登记的维权专员即为承办人。"""
        from fulian.people.models import Person

        body = IntakeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        unit = services.handling_units_for(request.user).filter(pk=d.pop("handling_unit")).first()
        if unit is None:
            raise ValidationError({"handling_unit": ["您无权在该乡镇/街道登记维权案件"]})
        person_id = d.pop("person", None)
        person = None
        if person_id is not None:
            person = Person.objects.filter(
                pk=person_id, merged_into__isnull=True, village_path__startswith=unit.path
            ).first()
            if person is None:  # the same answer whether she does not exist or lives elsewhere
                raise ValidationError({"person": ["所选当事人不在承办乡镇/街道的台账中"]})
        new = {k.removeprefix("new_"): d.pop(k) for k in list(d) if k.startswith("new_")}
        confirm = new.pop("confirm_similar", False)
        village_id = new.pop("village", None)
        new["village"] = (
            OrgUnit.objects.filter(pk=village_id, level=Level.VILLAGE, path__startswith=unit.path).first()
            if village_id
            else None
        )
        case = services.case_register(
            user=request.user,
            handling_unit=unit,
            person=person,
            new_person=new if new["name"] else None,
            confirm_similar=confirm,
            **d,
        )
        return self._shown(case, status.HTTP_201_CREATED)

    def _step(self, serializer_class, capability: str = "cases.change"):
        case = selectors.case_get(user=self.request.user, pk=self.kwargs["pk"])  # 404 first
        require(self.request.user, capability, case)  # 403: she sees it, this is not hers to do
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return case, dict(body.validated_data)

    def _run(self, case: Case, fn, **kwargs) -> Response:
        fn(user=self.request.user, case=case, **kwargs)
        return self._shown(case)

    @extend_schema(
        request=AssignSerializer, responses=CaseDetailSerializer, examples=_example("指派", {"worker": 1})
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk=None) -> Response:
        """指派本乡镇/街道的维权专员（乡镇主席）。"""
        from fulian.accounts.models import User

        case, d = self._step(AssignSerializer, "cases.assign")
        worker = User.objects.filter(pk=d["worker"], is_active=True).first()
        if worker is None:
            raise ValidationError({"worker": ["只能指派本乡镇/街道的维权专员"]})
        return self._run(case, services.case_assign, worker=worker)

    @extend_schema(
        request=AssessSerializer,
        responses=CaseDetailSerializer,
        examples=_example("风险评估", {"answers": {"weapon": True}, "note": "持刀威胁"}),
    )
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk=None) -> Response:
        case, d = self._step(AssessSerializer)
        return self._run(case, services.case_assess, **d)

    @extend_schema(
        request=HandleSerializer,
        responses=CaseDetailSerializer,
        examples=_example("处置", {"note": "上门调解，制定安全计划"}),
    )
    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk=None) -> Response:
        case, d = self._step(HandleSerializer)
        return self._run(case, services.case_handle, **d)

    @extend_schema(
        request=FollowUpRequestSerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "回访",
            {
                "visited_on": "2027-06-14",
                "method": "phone",
                "note": "情况稳定",
                "next_visit_on": "2027-07-14",
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def followups(self, request: Request, pk=None) -> Response:
        case, d = self._step(FollowUpRequestSerializer)
        return self._run(case, services.followup_record, **d)

    @extend_schema(
        request=CloseSerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "结案", {"outcome": "mediated", "satisfaction": "satisfied", "note": "双方达成协议"}
        ),
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        case, d = self._step(CloseSerializer)
        return self._run(case, services.case_close, **d)

    @extend_schema(
        request=ReopenSerializer,
        responses=CaseDetailSerializer,
        examples=_example("重新开启", {"reason": "当事人再次来电，暴力重现"}),
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk=None) -> Response:
        case, d = self._step(ReopenSerializer)
        return self._run(case, services.case_reopen, **d)

    def _body(self, case: Case, pk: int, kind: str, label: str):
        """A body of the managed list that serves the case's town and is of the kind the step needs."""
        body = selectors.referral_bodies_for(case).filter(pk=pk, kind=kind).first()
        if body is None:
            raise ValidationError({"body": [f"请选择服务本乡镇/街道的{label}"]})
        return body

    @extend_schema(
        request=ReferralRequestSerializer,
        responses=CaseDetailSerializer,
        examples=_example("转介", {"body": 1, "asked": "协助制止家庭暴力", "referred_on": "2027-06-14"}),
    )
    @action(detail=True, methods=["post"])
    def referrals(self, request: Request, pk=None) -> Response:
        case, d = self._step(ReferralRequestSerializer)
        return self._run(case, services.referral_create, **d)

    @extend_schema(
        operation_id="v1_cases_referral_update",
        request=ReferralUpdateSerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "转介办结", {"status": "done", "outcome": "已出警并调解", "closed_on": "2027-06-15"}
        ),
    )
    @action(detail=True, methods=["post"], url_path=r"referrals/(?P<rid>[0-9]+)")
    def referral_update(self, request: Request, pk=None, rid=None) -> Response:
        case, d = self._step(ReferralUpdateSerializer)
        referral = case.referrals.filter(pk=rid).first()
        if referral is None:
            raise NotFound("该转介记录不存在")
        services.referral_update(user=request.user, referral=referral, **d)
        return self._shown(case)

    @extend_schema(
        request=WarningSerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "告诫书", {"body": 1, "issued_on": "2027-06-14", "note": "对施暴人出具家庭暴力告诫书"}
        ),
    )
    @action(detail=True, methods=["post"])
    def warnings(self, request: Request, pk=None) -> Response:
        case, d = self._step(WarningSerializer)
        d["body"] = self._body(case, d["body"], ReferralBody.Kind.POLICE, "公安机关")
        return self._run(case, services.warning_record, **d)

    @extend_schema(
        request=OrderApplySerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "申请保护令",
            {"body": 1, "applicant": "federation", "applied_at": "2027-06-14T09:30:00+08:00", "urgent": True},
        ),
    )
    @action(detail=True, methods=["post"])
    def orders(self, request: Request, pk=None) -> Response:
        case, d = self._step(OrderApplySerializer)
        d["body"] = self._body(case, d["body"], ReferralBody.Kind.COURT, "法院")
        return self._run(case, services.order_apply, **d)

    @extend_schema(
        request=OrderDecideSerializer,
        responses=CaseDetailSerializer,
        examples=_example(
            "准予",
            {
                "decision": "granted",
                "decided_at": "2027-06-15T09:00:00+08:00",
                "valid_from": "2027-06-15",
                "valid_until": "2027-12-14",
            },
        ),
    )
    @action(detail=True, methods=["post"], url_path=r"orders/(?P<mid>[0-9]+)/decide")
    def order_decide(self, request: Request, pk=None, mid=None) -> Response:
        case, d = self._step(OrderDecideSerializer)
        measure = case.measures.filter(pk=mid).first()
        if measure is None:
            raise NotFound("该保护措施记录不存在")
        services.order_decide(user=request.user, measure=measure, **d)
        return self._shown(case)


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
