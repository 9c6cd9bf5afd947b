"""/api/v1/aid/…: programmes (with totals), applications (submit, review, approve, reject, withdraw),
public notices (公示: draft, publish) with their objections (record, resolve), and disbursements
(create, correct, cancel), through the same services and selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fulian.core.api import ScopedAPIMixin
from fulian.core.scoping import get_visible_or_404, visible
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .models import Application, Disbursement, Notice, Objection, Programme
from .serializers import (
    ApplicationSerializer,
    CancelSerializer,
    DecisionSerializer,
    DisbursementSerializer,
    DisbursementUpdateSerializer,
    NoticeCreateSerializer,
    NoticeSerializer,
    ObjectionCreateSerializer,
    ObjectionSerializer,
    ProgrammeSerializer,
    ProgrammeWriteSerializer,
    ResolveSerializer,
)

PROGRAMME_EXAMPLE = OpenApiExample(
    "设立项目",
    value={
        "name": "贫困母亲救助",
        "code": "poor_mother_2027",
        "year": 2027,
        "unit": 1,
        "form": "cash",
        "budget": "100000.00",
        "min_amount": "300.00",
        "max_amount": "1000.00",
    },
    request_only=True,
)
NOTE_EXAMPLE = OpenApiExample("意见", value={"note": "材料齐全，同意"}, request_only=True)


class ProgrammeViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Programmes the caller can see, with totals over the records within her scope; a county or town
    sets up and changes its own programmes (`aid.programme_change`)."""

    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    view_capability = "aid.view"
    change_capability = "aid.programme_change"

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user)

    @extend_schema(
        request=ProgrammeWriteSerializer, responses={201: ProgrammeSerializer}, examples=[PROGRAMME_EXAMPLE]
    )
    def create(self, request, *args, **kwargs):
        body = ProgrammeWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["unit"] = get_visible_or_404(request.user, OrgUnit, "aid.programme_change", pk=data["unit"].pk)
        data.pop("is_open", None)
        programme = services.programme_create(user=request.user, **data)
        return Response(ProgrammeSerializer(self.get_queryset().get(pk=programme.pk)).data, status=201)

    @extend_schema(
        request=ProgrammeWriteSerializer,
        responses=ProgrammeSerializer,
        examples=[
            OpenApiExample("调整预算", value={"budget": "120000.00", "is_open": True}, request_only=True)
        ],
    )
    def partial_update(self, request, pk=None):
        programme = self.get_object()
        body = ProgrammeWriteSerializer(programme, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("unit", None)  # a programme keeps its unit
        services.programme_update(user=request.user, programme=programme, **data)
        return Response(ProgrammeSerializer(self.get_queryset().get(pk=programme.pk)).data)


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
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        app = fn(user=request.user, application=app, note=body.validated_data["note"])
        return Response(ApplicationSerializer(app).data)

    def capability_for(self, request) -> str:
        # Workflow actions check their own capability on the record inside the service.
        if getattr(self, "action", None) in {"review", "approve", "reject", "withdraw"}:
            return "aid.view"
        return super().capability_for(request)

    @extend_schema(
        request=ApplicationSerializer,
        examples=[
            OpenApiExample(
                "提交申请",
                value={"programme": 1, "person": 1, "amount": "800.00", "reason": "因病致贫"},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer, examples=[NOTE_EXAMPLE])
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """审核（乡镇专干）：已提交 → 已审核。"""
        return self._act(services.application_review, request, pk)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer, examples=[NOTE_EXAMPLE])
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """审批：不能审批本人提交或审核的申请；超过乡镇限额的转县级审批。"""
        return self._act(services.application_approve, request, pk)

    @extend_schema(
        request=DecisionSerializer,
        responses=ApplicationSerializer,
        examples=[OpenApiExample("退回", value={"note": "不符合救助条件"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """退回（不通过），须填写意见。"""
        return self._act(services.application_reject, request, pk)

    @extend_schema(
        request=DecisionSerializer,
        responses=ApplicationSerializer,
        examples=[OpenApiExample("撤销", value={"note": "申请人主动放弃"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤销尚未发放的申请（如迁出、去世），意见写明原因。"""
        return self._act(services.application_withdraw, request, pk)


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

    @extend_schema(
        request=DisbursementSerializer,
        examples=[
            OpenApiExample(
                "现金发放",
                value={"application": 1, "kind": "cash", "amount": "500.00", "paid_on": "2027-06-10"},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        request=DisbursementUpdateSerializer,
        responses=DisbursementSerializer,
        examples=[
            OpenApiExample("更正金额", value={"amount": "450.00", "note": "按签收单更正"}, request_only=True)
        ],
    )
    def partial_update(self, request, pk=None):
        """更正一条现金发放（金额、日期、方式、备注），合计不超过批准金额。"""
        d = self.get_object()
        body = DisbursementUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = services.disbursement_update(user=request.user, disbursement=d, **body.validated_data)
        return Response(DisbursementSerializer(d).data)

    @extend_schema(
        request=CancelSerializer,
        responses=DisbursementSerializer,
        examples=[OpenApiExample("作废", value={"reason": "重复录入"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """作废一条发放记录（保留，不再计入合计），须填写原因。"""
        d = self.get_object()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = services.disbursement_cancel(
            user=request.user, disbursement=d, reason=body.validated_data["reason"]
        )
        return Response(DisbursementSerializer(d).data)


class NoticeViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """公示：草稿（列出本项目已审批、未公示的申请）、发布；`objections/` 登记收到的异议。"""

    queryset = Notice.objects.select_related("programme", "unit").prefetch_related("applications")
    serializer_class = NoticeSerializer
    view_capability = "aid.view"
    change_capability = "aid.notice"

    @extend_schema(
        request=NoticeCreateSerializer,
        responses={201: NoticeSerializer},
        examples=[
            OpenApiExample(
                "公示草稿",
                value={
                    "programme": 1,
                    "unit": 1,
                    "applications": [1],
                    "start_date": "2027-06-15",
                    "contact": "0818-8621234",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        body = NoticeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        user = request.user
        programme = get_visible_or_404(user, Programme, "aid.notice", pk=data.pop("programme"))
        unit = get_visible_or_404(user, OrgUnit, "aid.notice", pk=data.pop("unit"))
        wanted = data.pop("applications")
        apps = list(visible(user, Application, "aid.notice").filter(pk__in=wanted).select_related("person"))
        if len(apps) != len(set(wanted)):
            raise ValidationError({"applications": ["所选申请不存在或不在您的管辖范围内"]})
        notice = services.notice_create(user=user, programme=programme, unit=unit, applications=apps, **data)
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """发布：名单中的申请进入公示期（公示中）。"""
        notice = self.get_object()
        notice = services.notice_publish(user=request.user, notice=notice)
        return Response(NoticeSerializer(notice).data)

    @extend_schema(
        request=ObjectionCreateSerializer,
        responses={201: ObjectionSerializer},
        examples=[
            OpenApiExample(
                "登记异议",
                value={"content": "申请人家中有经营性收入", "raised_by": "村民", "received_on": "2027-06-15"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        """登记公示期内收到的异议（可针对名单中的一条申请）。"""
        notice = self.get_object()
        body = ObjectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        app_id = data.pop("application", None)
        application = None
        if app_id is not None:
            application = notice.applications.filter(pk=app_id).first()
            if application is None:
                raise ValidationError({"application": ["所选申请不在本公示中"]})
        obj = services.objection_record(user=request.user, notice=notice, application=application, **data)
        return Response(ObjectionSerializer(obj).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """公示异议；`resolve/` 核查处理（异议成立则撤销所涉申请）。"""

    queryset = Objection.objects.select_related("notice")
    serializer_class = ObjectionSerializer
    view_capability = "aid.view"
    change_capability = "aid.notice"

    @extend_schema(
        request=ResolveSerializer,
        responses=ObjectionSerializer,
        examples=[
            OpenApiExample(
                "异议不成立", value={"upheld": False, "resolution": "经入户核查，收入属实"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        objection = self.get_object()
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = services.objection_resolve(user=request.user, objection=objection, **body.validated_data)
        return Response(ObjectionSerializer(objection).data)


def register(router) -> None:
    router.register("aid/programmes", ProgrammeViewSet, basename="aid-programme")
    router.register("aid/applications", ApplicationViewSet, basename="aid-application")
    router.register("aid/disbursements", DisbursementViewSet, basename="aid-disbursement")
    router.register("aid/notices", NoticeViewSet, basename="aid-notice")
    router.register("aid/objections", ObjectionViewSet, basename="aid-objection")
