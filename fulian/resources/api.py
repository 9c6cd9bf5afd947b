"""Resources, projects and services under /api/v1/resources/…: the same selectors, services and scoping as
the pages. Funds carry their balance (computed by the database); donations and uses are created and
cancelled through their services; a use paying aid names the disbursements; services handled for a
protected party of domestic violence are never answered."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    ReferenceAPIMixin,
    ScopedCreateViewSet,
    ScopedReadViewSet,
    ScopedRelatedField,
)

from . import selectors, services
from .models import Donation, Fund, FundUse, Pairing, Project, ServiceKind, ServiceRecord

VIEW, FUNDS, CHANGE = "resources.view", "resources.funds", "resources.change"


class _Read(ScopedReadViewSet):
    view_capability = VIEW


class _Create(ScopedCreateViewSet, _Read):
    """A viewset of this app that also creates through `service`."""


def _example(title: str, value: dict):
    return extend_schema_view(
        create=extend_schema(examples=[OpenApiExample(title, value=value, request_only=True)])
    )


class FundSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", FUNDS)
    money_in = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    money_out = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    money_left = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    goods_left = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Fund
        fields = ["id", "unit", "name", "purpose", "money_in", "money_out", "money_left", "goods_left"]


@_example("春蕾助学金", {"unit": 3, "name": "春蕾助学金", "purpose": "资助困难女童上学"})
class FundViewSet(_Create):
    queryset = Fund.objects.order_by("unit_path", "name", "id")
    serializer_class = FundSerializer
    change_capability = FUNDS
    service = services.fund_create

    def base_queryset(self):
        return selectors.with_balance(Fund.objects.order_by("unit_path", "name", "id"))

    def perform_service(self, data):
        fund = services.fund_create(user=self.request.user, **data)
        return selectors.with_balance(Fund.objects.filter(pk=fund.pk)).get()


class DonationItemSerializer(CleanSerializer):
    name = serializers.CharField(max_length=50)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    measure = serializers.CharField(max_length=10, required=False, allow_blank=True)
    unit_value = serializers.DecimalField(max_digits=12, decimal_places=2)


class DonationSerializer(CleanModelSerializer):
    fund = ScopedRelatedField(Fund, FUNDS)
    items = DonationItemSerializer(many=True, required=False)
    receipt_number = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)

    class Meta:
        model = Donation
        fields = ["id", "fund", "donor_kind", "donor", "kind", "amount", "items", "purpose", "received_on"]
        fields += ["receipt_number", "status", "cancel_reason"]
        read_only_fields = ["status", "cancel_reason"]


class FundCancelSerializer(CleanSerializer):
    reason = serializers.CharField(max_length=200)


CANCEL = extend_schema(
    request=FundCancelSerializer,
    examples=[OpenApiExample("作废", value={"reason": "重复录入"}, request_only=True)],
)


@_example(
    "企业捐款",
    {
        "fund": 1,
        "donor_kind": "company",
        "donor": "万源市某某建材公司",
        "kind": "money",
        "amount": "10000.00",
        "purpose": "资助困难女童",
        "received_on": "2027-03-08",
    },
)
class DonationViewSet(_Create):
    queryset = (
        Donation.objects.select_related("fund").prefetch_related("items").order_by("-received_on", "-id")
    )
    serializer_class = DonationSerializer
    change_capability = FUNDS
    service = services.donation_receive

    @CANCEL
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """作废一笔捐赠（保留，不再计入余额），须填写原因；已支出的捐款不能作废。"""
        body = FundCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = services.donation_cancel(
            user=request.user, donation=self.get_object(), reason=body.validated_data["reason"]
        )
        return Response(DonationSerializer(d).data)


class UseSerializer(CleanModelSerializer):
    fund = ScopedRelatedField(Fund, FUNDS)
    disbursements = ScopedRelatedField(
        "aid.Disbursement",
        "aid.view",
        many=True,
        required=False,
        help_text="去向为救助发放时，由这笔支出支付的发放记录",
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)

    class Meta:
        model = FundUse
        fields = ["id", "fund", "kind", "target", "recipient", "amount", "used_on", "note", "disbursements"]
        fields += ["status", "cancel_reason"]
        read_only_fields = ["status", "cancel_reason"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["disbursements"] = [link.disbursement_id for link in instance.links.all() if link.active]
        return data


@_example(
    "支付救助发放",
    {
        "fund": 1,
        "kind": "money",
        "target": "aid",
        "recipient": "困难母亲救助",
        "used_on": "2027-06-10",
        "disbursements": [1],
    },
)
class UseViewSet(_Create):
    queryset = FundUse.objects.select_related("fund").prefetch_related("links").order_by("-used_on", "-id")
    serializer_class = UseSerializer
    change_capability = FUNDS
    service = services.use_record

    @CANCEL
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """作废一笔支出（保留，不再计入余额），所付的救助发放可改由其他支出支付。"""
        body = FundCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        u = services.use_cancel(
            user=request.user, use=self.get_object(), reason=body.validated_data["reason"]
        )
        return Response(UseSerializer(u, context={"request": request}).data)


class ServiceKindSerializer(CleanModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["id", "code", "name", "order", "is_active"]


class ServiceKindViewSet(ReferenceAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ServiceKind.objects.order_by("order", "id")
    serializer_class = ServiceKindSerializer


class ServiceSerializer(CleanModelSerializer):
    person = ScopedRelatedField("people.Person", CHANGE)
    kind = serializers.PrimaryKeyRelatedField(queryset=ServiceKind.objects.filter(is_active=True))

    class Meta:
        model = ServiceRecord
        fields = ["id", "person", "kind", "handled_on", "outcome", "note"]


@_example("代办再就业优惠证", {"person": 1, "kind": 1, "handled_on": "2027-06-10", "outcome": "done"})
class ServiceViewSet(_Create):
    queryset = ServiceRecord.objects.select_related("kind").order_by("-handled_on", "-id")
    serializer_class = ServiceSerializer
    change_capability = CHANGE
    service = services.service_record

    def base_queryset(self):
        return super().base_queryset().exclude(selectors.protected_q())


class ProjectSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Project
        fields = ["id", "unit", "name", "type", "is_base", "stage", "partners", "funding", "proposed_on"]
        fields += ["people_served", "units_served", "description"]
        read_only_fields = ["stage"]


class AdvanceSerializer(CleanSerializer):
    done_on = serializers.DateField()
    note = serializers.CharField(max_length=100, required=False, allow_blank=True)


@_example(
    "家庭暴力预防中心",
    {
        "unit": 3,
        "name": "110家庭暴力预防中心",
        "type": "dv_centre",
        "is_base": False,
        "partners": "市公安局、市司法局",
        "funding": "50000.00",
        "proposed_on": "2027-03-01",
    },
)
class ProjectViewSet(_Create):
    queryset = Project.objects.order_by("-proposed_on", "-id")
    serializer_class = ProjectSerializer
    change_capability = CHANGE
    service = services.project_create

    @extend_schema(
        request=AdvanceSerializer,
        examples=[
            OpenApiExample(
                "立项", value={"done_on": "2027-06-01", "note": "市妇联批准立项"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """进入下一阶段（申报 → 立项 → 实施 → 验收）。"""
        body = AdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        p = services.project_advance(user=request.user, project=self.get_object(), **body.validated_data)
        return Response(ProjectSerializer(p, context={"request": request}).data)


class UnitPairingSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Pairing
        fields = ["id", "unit", "type", "party_a", "party_b", "started_on", "ended_on", "note"]


@_example(
    "校校结对",
    {
        "unit": 1,
        "type": "schools",
        "party_a": "太平镇第二小学",
        "party_b": "黄钟学校",
        "started_on": "2027-03-01",
    },
)
class PairingViewSet(_Create):
    queryset = Pairing.objects.order_by("-started_on", "-id")
    serializer_class = UnitPairingSerializer
    change_capability = CHANGE
    service = services.pairing_create


def register(router) -> None:
    router.register("resources/funds", FundViewSet, basename="resources-fund")
    router.register("resources/donations", DonationViewSet, basename="resources-donation")
    router.register("resources/uses", UseViewSet, basename="resources-use")
    router.register("resources/service-kinds", ServiceKindViewSet, basename="resources-service-kind")
    router.register("resources/services", ServiceViewSet, basename="resources-service")
    router.register("resources/projects", ProjectViewSet, basename="resources-project")
    router.register("resources/pairings", PairingViewSet, basename="resources-pairing")
