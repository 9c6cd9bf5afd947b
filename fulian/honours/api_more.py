"""/api/v1/honours/… for 创建 (`creations/`: 申报, `step/` 受理、命名、复查), the files of a nomination
(`files/`: list, download, delete — uploads stay on the page) and the family-planning records
(`family-planning/`: names masked on the list, the record logged when read), through the same
services, selectors and scoping as the pages."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    CreateWithServiceMixin,
    ScopedAPIMixin,
    ScopedRelatedField,
)
from fulian.core.masking import mask_name
from fulian.core.models import AccessLog
from fulian.core.services import access_log_write

from . import selectors_creation, services_creation, services_support
from .api import _example
from .capabilities import NOMINATE, REVIEW, VIEW
from .models import Creation, CreationStep, FamilyPlanningRecord, NominationFile


class SupervisorField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "编号为 {pk_value} 的单位不能受理您的创建申报"}

    def get_queryset(self):
        return selectors_creation.supervisor_units(self.context["request"].user)


class CreationStepSerializer(CleanModelSerializer):
    class Meta:
        model = CreationStep
        fields = ["id", "step", "on", "note", "by"]
        read_only_fields = fields


class HonourCreationSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", NOMINATE, write_only=True)
    person = ScopedRelatedField("people.Person", NOMINATE, required=False, allow_null=True)
    village = ScopedRelatedField("orgs.OrgUnit", NOMINATE, required=False, allow_null=True)
    campaign = ScopedRelatedField("honours.Campaign", NOMINATE, required=False, allow_null=True)
    supervisor = SupervisorField(required=False, allow_null=True)
    steps = CreationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Creation
        fields = [
            "id",
            "kind",
            "level",
            "campaign",
            "supervisor",
            "unit",
            "holder_type",
            "person",
            "village",
            "holder_name",
            "staff_total",
            "staff_women",
            "applied_on",
            "plan",
            "status",
            "next_review_on",
            "award",
            "steps",
        ]
        read_only_fields = ["holder_type", "status", "next_review_on", "award", "steps"]
        extra_kwargs = {"holder_name": {"required": False}, "applied_on": {"required": False}}


class HonourCreationStepSerializer(CleanSerializer):
    step = serializers.ChoiceField(label="办理环节", choices=services_creation.STEP_CHOICES)
    on = serializers.DateField(label="日期", required=False)
    note = serializers.CharField(
        label="意见或理由", max_length=300, required=False, default="", allow_blank=True
    )
    next_review_on = serializers.DateField(label="下次复查日期", required=False, allow_null=True)
    awarding_body = serializers.CharField(label="命名机关", max_length=50, required=False, default="")
    certificate_number = serializers.CharField(
        label="牌匾或证书编号", max_length=40, required=False, default=""
    )


class CreationViewSet(
    CreateWithServiceMixin, mixins.CreateModelMixin, ScopedAPIMixin, viewsets.ReadOnlyModelViewSet
):
    """创建单位及其办理过程；申报（`honours.nominate`），`step/` 受理、命名、复查（受理命名单位）。
    列表可按 `campaign`、`kind`、`status` 筛选。"""

    queryset = Creation.objects.select_related("kind", "supervisor").prefetch_related("steps")
    serializer_class = HonourCreationSerializer
    view_capability = VIEW

    def capability_for(self, request) -> str:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return VIEW
        return REVIEW if self.action == "step" else NOMINATE

    def get_queryset(self):
        p = self.request.query_params
        number = lambda k: int(p[k]) if p.get(k, "").isdigit() else None  # noqa: E731
        return selectors_creation.creation_list(
            user=self.request.user,
            campaign=number("campaign"),
            kind=number("kind"),
            status=p.get("status", ""),
        ).prefetch_related("steps")

    def perform_service(self, data):
        return services_creation.creation_apply(user=self.request.user, **data)

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, description="创建活动"),
            OpenApiParameter("kind", int, description="称号"),
            OpenApiParameter("status", str, description="状态：applied、building、named、refused、revoked"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        examples=_example(
            "申报创建市级巾帼示范村",
            {
                "kind": 4,
                "level": 4,
                "unit": 5,
                "village": 5,
                "supervisor": 1,
                "plan": "建设妇女之家，开展最美家庭评选",
            },
        )
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        request=HonourCreationStepSerializer,
        responses=HonourCreationSerializer,
        examples=_example("受理", {"step": "accept", "on": "2027-03-01"}),
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        creation = self.get_object()
        body = HonourCreationStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services_creation.creation_step(user=request.user, creation=creation, **body.validated_data)
        creation.refresh_from_db()
        return Response(HonourCreationSerializer(creation, context={"request": request}).data)


class NominationFileSerializer(CleanModelSerializer):
    class Meta:
        model = NominationFile
        fields = ["id", "nomination", "category", "name", "size", "personal", "uploaded_at"]
        read_only_fields = fields


class FileViewSet(mixins.DestroyModelMixin, ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """推荐对象的推荐材料（`?nomination=` 筛选）；`download/` 下载（含个人信息的记入访问日志）；
    删除须在审核之前。上传在推荐对象页面进行。"""

    queryset = NominationFile.objects.select_related("nomination")
    serializer_class = NominationFileSerializer
    view_capability = VIEW
    change_capability = NOMINATE

    def get_queryset(self):
        qs = super().get_queryset()
        nomination = self.request.query_params.get("nomination", "")
        return qs.filter(nomination_id=int(nomination)) if nomination.isdigit() else qs

    def perform_destroy(self, instance):
        services_support.file_delete(user=self.request.user, file=instance)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        f = self.get_object()
        if f.personal:
            access_log_write(
                user=request.user,
                action=AccessLog.Action.VIEW,
                target=f.nomination,
                detail=f"下载推荐材料：{f.name}",
            )
        return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name)


class FamilyPlanningSerializer(CleanModelSerializer):
    person = ScopedRelatedField("people.Person", REVIEW, write_only=True)
    account = serializers.CharField(
        label="情况说明", required=False, default="", allow_blank=True, write_only=True
    )
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = FamilyPlanningRecord
        fields = ["id", "person", "person_name", "occurred_on", "source", "account"]

    def get_person_name(self, obj) -> str:
        return mask_name(obj.person.name)


class FamilyPlanningDetailSerializer(FamilyPlanningSerializer):
    """One record, read in full (the read is logged)."""

    account = serializers.CharField(read_only=True)
    person_id = serializers.IntegerField(read_only=True)

    class Meta(FamilyPlanningSerializer.Meta):
        fields = ["id", "person_id", "person_name", "occurred_on", "source", "account"]

    def get_person_name(self, obj) -> str:
        return obj.person.name


class FamilyPlanningViewSet(
    CreateWithServiceMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedAPIMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """违反计划生育政策记录（县、乡镇，`honours.review`）：列表姓名脱敏；查看单条记入访问日志；登记；删除（登记有误时）。"""

    queryset = FamilyPlanningRecord.objects.select_related("person__village")
    serializer_class = FamilyPlanningSerializer
    view_capability = REVIEW
    change_capability = REVIEW

    def get_queryset(self):
        return super().get_queryset().order_by("-occurred_on", "-id")

    def perform_service(self, data):
        return services_support.family_planning_add(user=self.request.user, **data)

    @extend_schema(
        examples=_example(
            "登记", {"person": 1, "occurred_on": "2022-06-16", "source": "县卫生健康局处理决定书"}
        )
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(responses=FamilyPlanningDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        access_log_write(
            user=request.user, action=AccessLog.Action.VIEW, target=record, unit=record.person.village
        )
        return Response(FamilyPlanningDetailSerializer(record, context={"request": request}).data)

    def perform_destroy(self, instance):
        services_support.family_planning_delete(user=self.request.user, record=instance)


def register(router) -> None:
    router.register("honours/creations", CreationViewSet, basename="honours-creation")
    router.register("honours/files", FileViewSet, basename="honours-file")
    router.register("honours/family-planning", FamilyPlanningViewSet, basename="honours-family-planning")
