"""/api/v1/honours/…: honour kinds (reference), campaigns (create, quotas, award), nominations (submit,
with their checks; review), the 公示 (draft, publish, objections, resolve) and the titles held (record),
through the same services, selectors and scoping as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fulian.core import publicnotice
from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    CreateWithServiceMixin,
    ReferenceAPIMixin,
    ScopedAPIMixin,
    ScopedRelatedField,
)
from fulian.core.scoping import get_visible_or_404, visible
from fulian.orgs.models import OrgUnit

from . import selectors, services
from .capabilities import NOMINATE, REVIEW, VIEW
from .models import Award, Campaign, HonourKind, HonourNotice, HonourObjection, Nomination


def _example(title: str, value: dict) -> list[OpenApiExample]:
    return [OpenApiExample(title, value=value, request_only=True)]


class HonourKindSerializer(CleanModelSerializer):
    class Meta:
        model = HonourKind
        fields = [
            "id",
            "name",
            "holder_type",
            "cycle_years",
            "min_women_percent",
            "min_lower_months",
            "repeat_window_years",
            "veto_open_dv_case",
            "veto_family_planning_years",
            "description",
            "active",
        ]


class KindViewSet(ReferenceAPIMixin, viewsets.ReadOnlyModelViewSet):
    """荣誉称号及其评选条件（参考数据，县妇联在页面上修改）。"""

    queryset = HonourKind.objects.all()
    serializer_class = HonourKindSerializer


class HonourCampaignSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", REVIEW)
    quotas = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "kind",
            "year",
            "level",
            "title",
            "unit",
            "awarding_body",
            "nominations_close",
            "reference_date",
            "status",
            "awarded_on",
            "decision_number",
            "quotas",
        ]
        read_only_fields = ["status", "awarded_on", "decision_number", "quotas"]
        extra_kwargs = {
            "title": {"required": False},
            "awarding_body": {"required": False},
            "reference_date": {"required": False},
        }

    def get_quotas(self, obj) -> dict[str, int]:
        return {str(q.unit_id): q.places for q in obj.quotas.all()}


class HonourQuotaSerializer(CleanSerializer):
    unit = serializers.IntegerField(label="推荐单位")
    places = serializers.IntegerField(label="名额", min_value=0, max_value=999)


class HonourAwardDecisionSerializer(CleanSerializer):
    awarded_on = serializers.DateField(label="表彰日期")
    decision_number = serializers.CharField(label="表彰决定文号", max_length=40, required=False, default="")


class CampaignViewSet(
    CreateWithServiceMixin, mixins.CreateModelMixin, ScopedAPIMixin, viewsets.ReadOnlyModelViewSet
):
    """评选表彰：发起（`honours.review`），`quotas/` 分配名额，`award/` 公示期满后表彰。"""

    queryset = Campaign.objects.select_related("kind", "unit").prefetch_related("quotas")
    serializer_class = HonourCampaignSerializer
    view_capability = VIEW
    change_capability = REVIEW

    def perform_service(self, data):
        return services.campaign_create(user=self.request.user, **data)

    @extend_schema(
        examples=_example(
            "三八红旗手评选",
            {"kind": 1, "year": 2027, "level": 3, "unit": 1, "nominations_close": "2027-06-30"},
        )
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        request=HonourQuotaSerializer,
        responses=HonourCampaignSerializer,
        examples=_example("名额", {"unit": 2, "places": 3}),
    )
    @action(detail=True, methods=["post"])
    def quotas(self, request, pk=None):
        campaign = self.get_object()
        body = HonourQuotaSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = OrgUnit.objects.filter(
            pk=body.validated_data["unit"], path__startswith=campaign.unit_path
        ).first()
        if unit is None:
            raise ValidationError({"unit": [f"该单位不是{campaign.unit.name}的下级单位"]})
        services.quota_set(
            user=request.user, campaign=campaign, unit=unit, places=body.validated_data["places"]
        )
        return Response(HonourCampaignSerializer(campaign, context={"request": request}).data)

    @extend_schema(
        request=HonourAwardDecisionSerializer,
        responses=HonourCampaignSerializer,
        examples=_example("表彰", {"awarded_on": "2027-03-06", "decision_number": "万妇发〔2027〕5号"}),
    )
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        campaign = self.get_object()
        body = HonourAwardDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.campaign_award(user=request.user, campaign=campaign, **body.validated_data)
        return Response(HonourCampaignSerializer(campaign, context={"request": request}).data)


class HonourNominationSerializer(CleanModelSerializer):
    campaign = ScopedRelatedField(Campaign, NOMINATE)
    nominated_by = ScopedRelatedField("orgs.OrgUnit", NOMINATE)
    person = ScopedRelatedField("people.Person", NOMINATE, required=False, allow_null=True)
    village = ScopedRelatedField("orgs.OrgUnit", NOMINATE, required=False, allow_null=True)
    checks = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "nominated_by",
            "holder_type",
            "person",
            "village",
            "holder_name",
            "staff_total",
            "staff_women",
            "deeds",
            "self_nominated",
            "status",
            "review_note",
            "notice",
            "checks",
        ]
        read_only_fields = ["holder_type", "status", "review_note", "notice", "checks"]
        extra_kwargs = {"holder_name": {"required": False}}

    def get_checks(self, obj) -> list[dict]:
        return [{"code": c.code, "passed": c.passed, "text": c.text} for c in selectors.checks(obj)]


class HonourReviewSerializer(CleanSerializer):
    approve = serializers.BooleanField(label="通过")
    note = serializers.CharField(
        label="审核意见", max_length=200, required=False, default="", allow_blank=True
    )


class NominationViewSet(
    CreateWithServiceMixin, mixins.CreateModelMixin, ScopedAPIMixin, viewsets.ReadOnlyModelViewSet
):
    """推荐对象及其资格审查结果；推荐（`honours.nominate`），`review/` 审核（评选组织单位）。"""

    queryset = Nomination.objects.select_related("campaign__kind", "nominated_by", "person", "village")
    serializer_class = HonourNominationSerializer
    view_capability = VIEW

    def capability_for(self, request) -> str:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return VIEW
        return REVIEW if self.action == "review" else NOMINATE

    def perform_service(self, data):
        return services.nomination_submit(user=self.request.user, **data)

    @extend_schema(
        examples=_example(
            "推荐三八红旗手", {"campaign": 1, "nominated_by": 2, "person": 1, "deeds": "带领妇女发展特色种植"}
        )
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        request=HonourReviewSerializer,
        responses=HonourNominationSerializer,
        examples=_example("通过", {"approve": True}),
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        nomination = self.get_object()
        body = HonourReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.nomination_review(user=request.user, nomination=nomination, **body.validated_data)
        return Response(HonourNominationSerializer(nomination, context={"request": request}).data)


class HonourNoticeSerializer(CleanModelSerializer):
    nominations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = HonourNotice
        fields = [
            "id",
            "campaign",
            "unit",
            "title",
            "body",
            "start_date",
            "end_date",
            "contact",
            "status",
            "nominations",
        ]
        read_only_fields = fields


class HonourNoticeCreateSerializer(publicnotice.NoticeCreateSerializerBase):
    campaign = serializers.IntegerField(label="评选")
    nominations = serializers.ListField(child=serializers.IntegerField(), label="公示名单", allow_empty=False)


class HonourObjectionSerializer(CleanModelSerializer):
    class Meta:
        model = HonourObjection
        fields = ["id", "notice", "nomination", "received_on", "raised_by", "content", "status", "resolution"]
        read_only_fields = fields


class HonourObjectionCreateSerializer(publicnotice.ObjectionCreateSerializerBase):
    nomination = serializers.IntegerField(label="针对的对象", required=False, allow_null=True)


class HonourResolveSerializer(CleanSerializer):
    upheld = serializers.BooleanField(label="异议成立（撤销该推荐对象）")
    resolution = serializers.CharField(label="核查与处理情况")


class NoticeViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """公示（与救助公示同一机制）：草稿、`publish/` 发布，`objections/` 登记异议。"""

    queryset = HonourNotice.objects.select_related("campaign", "unit").prefetch_related("nominations")
    serializer_class = HonourNoticeSerializer
    view_capability = VIEW
    change_capability = REVIEW

    @extend_schema(
        request=HonourNoticeCreateSerializer,
        responses={201: HonourNoticeSerializer},
        examples=_example(
            "公示草稿", {"campaign": 1, "unit": 1, "nominations": [1], "start_date": "2027-02-25"}
        ),
    )
    def create(self, request, *args, **kwargs):
        body = HonourNoticeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        user = request.user
        campaign = get_visible_or_404(user, Campaign, REVIEW, pk=data.pop("campaign"))
        unit = get_visible_or_404(user, OrgUnit, REVIEW, pk=data.pop("unit"))
        wanted = data.pop("nominations")
        noms = list(visible(user, Nomination, VIEW).filter(pk__in=wanted, campaign=campaign))
        if len(noms) != len(set(wanted)):
            raise ValidationError({"nominations": ["所选对象不存在或不在本次评选中"]})
        notice = services.notice_create(user=user, campaign=campaign, unit=unit, nominations=noms, **data)
        return Response(HonourNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=HonourNoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        notice = services.notice_publish(user=request.user, notice=self.get_object())
        return Response(HonourNoticeSerializer(notice).data)

    @extend_schema(
        request=HonourObjectionCreateSerializer,
        responses={201: HonourObjectionSerializer},
        examples=_example(
            "登记异议", {"content": "事迹有夸大", "raised_by": "群众", "received_on": "2027-02-26"}
        ),
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        notice = self.get_object()
        body = HonourObjectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        nom_id = data.pop("nomination", None)
        nomination = None
        if nom_id is not None:
            nomination = notice.nominations.filter(pk=nom_id).first()
            if nomination is None:
                raise ValidationError({"nomination": ["所选对象不在本公示中"]})
        obj = services.objection_record(user=request.user, notice=notice, nomination=nomination, **data)
        return Response(HonourObjectionSerializer(obj).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """公示异议；`resolve/` 核查处理（异议成立则撤销所涉推荐对象）。"""

    queryset = HonourObjection.objects.select_related("notice")
    serializer_class = HonourObjectionSerializer
    view_capability = VIEW
    change_capability = REVIEW

    @extend_schema(
        request=HonourResolveSerializer,
        responses=HonourObjectionSerializer,
        examples=_example("异议不成立", {"upheld": False, "resolution": "经核实，事迹属实"}),
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        body = HonourResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = services.objection_resolve(
            user=request.user, objection=self.get_object(), **body.validated_data
        )
        return Response(HonourObjectionSerializer(obj).data)


class HonourAwardSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", NOMINATE, write_only=True)
    person = ScopedRelatedField("people.Person", NOMINATE, required=False, allow_null=True)
    village = ScopedRelatedField("orgs.OrgUnit", NOMINATE, required=False, allow_null=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "kind",
            "level",
            "year",
            "awarded_on",
            "awarding_body",
            "unit",
            "holder_type",
            "person",
            "village",
            "holder_name",
            "certificate_number",
            "campaign",
        ]
        read_only_fields = ["holder_type", "campaign"]
        extra_kwargs = {"holder_name": {"required": False}}


class AwardViewSet(
    CreateWithServiceMixin, mixins.CreateModelMixin, ScopedAPIMixin, viewsets.ReadOnlyModelViewSet
):
    """获得的荣誉；登记以往或上级授予的称号（`honours.nominate`）。"""

    queryset = Award.objects.select_related("kind", "person", "village")
    serializer_class = HonourAwardSerializer
    view_capability = VIEW
    change_capability = NOMINATE

    def perform_service(self, data):
        return services.award_record(user=self.request.user, **data)

    @extend_schema(
        examples=_example(
            "市级巾帼示范村",
            {
                "kind": 4,
                "level": 4,
                "year": 2027,
                "awarded_on": "2027-05-10",
                "awarding_body": "达州市妇联",
                "unit": 1,
                "village": 5,
            },
        )
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)


def register(router) -> None:
    router.register("honours/kinds", KindViewSet, basename="honours-kind")
    router.register("honours/campaigns", CampaignViewSet, basename="honours-campaign")
    router.register("honours/nominations", NominationViewSet, basename="honours-nomination")
    router.register("honours/notices", NoticeViewSet, basename="honours-notice")
    router.register("honours/objections", ObjectionViewSet, basename="honours-objection")
    router.register("honours/awards", AwardViewSet, basename="honours-award")
    from . import api_more  # 创建, the files of a nomination, the family-planning records

    api_more.register(router)
