"""The SMS platform under /api/v1/sms/…: compose, preview, send or schedule, cancel, per-recipient status
(phones masked), templates, saved lists and opt-outs — the twins of the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
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
from fulian.core.masking import mask_mobile
from fulian.core.roles import Role
from fulian.people.models import Category

from . import selectors, services
from .models import Delivery, Message, OptOut, SavedList, Template


class TemplateSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", "sms.send")

    class Meta:
        model = Template
        fields = ["id", "unit", "name", "text", "sign_name", "template_code"]


class SavedListSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", "sms.send")
    entries = serializers.CharField(write_only=True, label="名单", help_text="每行一人：姓名,手机号")
    size = serializers.IntegerField(source="entries.count", read_only=True)

    class Meta:
        model = SavedList
        fields = ["id", "unit", "name", "entries", "size"]


class MessageSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", "sms.send")
    template = ScopedRelatedField(Template, "sms.send", required=False, allow_null=True)
    saved_list = ScopedRelatedField(SavedList, "sms.send", required=False, allow_null=True)
    recipient_list = ScopedRelatedField("office.RecipientList", "sms.send", required=False, allow_null=True)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True, is_sensitive=False), required=False, allow_null=True
    )
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False, label="角色（发给干部时）"
    )
    variables = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)

    class Meta:
        model = Message
        fields = [
            "id",
            "unit",
            "template",
            "text",
            "sign_name",
            "template_code",
            "variables",
            "audience",
            "roles",
            "category",
            "saved_list",
            "recipient_list",
            "quiet_start",
            "quiet_end",
            "status",
            "scheduled_at",
            "created_at",
        ]
        read_only_fields = ["status", "scheduled_at", "created_at"]


class SendSerializer(CleanSerializer):
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, label="定时发送时间")


class ProgressSerializer(CleanSerializer):
    """The progress of a message (for the schema): its status and the recipients per status."""

    status = serializers.CharField(label="状态")
    sending = serializers.BooleanField(label="发送中")
    finished_at = serializers.DateTimeField(label="发送完成", allow_null=True)
    progress = serializers.DictField(child=serializers.IntegerField(), label="各状态人数")


class DeliverySerializer(CleanModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "name", "phone", "status", "attempts", "error", "sent_at", "delivered_at"]

    def get_phone(self, obj: Delivery) -> str:
        return mask_mobile(obj.phone)


class OptOutSerializer(CleanModelSerializer):
    phone = serializers.CharField(label="手机号码", max_length=20)

    class Meta:
        model = OptOut
        fields = ["id", "phone", "created_at"]
        read_only_fields = ["created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = mask_mobile(instance.phone)
        return data


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "培训通知模板",
                value={
                    "unit": 1,
                    "name": "培训通知",
                    "text": "{姓名}您好，请于{时间}到{地点}参加培训。",
                    "sign_name": "万源妇联",
                    "template_code": "SMS_1001",
                },
                request_only=True,
            )
        ]
    )
)
class TemplateViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "sms.view"
    change_capability = "sms.send"
    queryset = Template.objects.order_by("name", "id")
    serializer_class = TemplateSerializer

    def perform_service(self, data):
        return services.template_create(user=self.request.user, **data)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "村妇联主席名单",
                value={"unit": 1, "name": "村妇联主席", "entries": "张丽,13900000001\n陈芳,13900000002"},
                request_only=True,
            )
        ]
    )
)
class SavedListViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "sms.view"
    change_capability = "sms.send"
    queryset = SavedList.objects.order_by("name", "id")
    serializer_class = SavedListSerializer

    def perform_service(self, data):
        return services.saved_list_create(user=self.request.user, **data)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "发给名单",
                value={
                    "unit": 1,
                    "text": "{姓名}您好，请于{时间}参加培训。",
                    "sign_name": "万源妇联",
                    "template_code": "SMS_1001",
                    "variables": {"时间": "6月20日上午9点"},
                    "audience": "list",
                    "saved_list": 1,
                },
                request_only=True,
            )
        ]
    ),
    send=extend_schema(
        request=SendSerializer,
        examples=[OpenApiExample("立即发送", value={}, request_only=True)],
    ),
    cancel=extend_schema(
        request=None,
        examples=[OpenApiExample("取消", value={}, request_only=True)],
    ),
)
class MessageViewSet(
    CreateWithServiceMixin,
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    view_capability = "sms.view"
    change_capability = "sms.send"
    queryset = Message.objects.order_by("-created_at", "-id")
    serializer_class = MessageSerializer

    def get_serializer_class(self):
        return SendSerializer if self.action in ("send", "cancel") else MessageSerializer

    def perform_service(self, data):
        return services.message_compose(user=self.request.user, **data)

    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        """字数、计费条数、接收人数和预计费用（发送前）。"""
        message = self.get_object()
        p, invalid = services.preview(message)
        return Response(
            {
                "text": p.text,
                "length": p.length,
                "parts": p.parts,
                "recipients": p.recipients,
                "total_parts": p.total_parts,
                "cost": str(p.cost),
                "without_mobile": invalid,
                "progress": selectors.progress(message),
            }
        )

    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """立即发送，或按 scheduled_at 定时发送（免打扰时段顺延）。"""
        message = self.get_object()
        body = SendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = services.message_send(
            user=request.user, message=message, at=body.validated_data.get("scheduled_at")
        )
        return Response(MessageSerializer(message, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        message = services.message_cancel(user=request.user, message=self.get_object())
        return Response(MessageSerializer(message, context=self.get_serializer_context()).data)

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """发送进度（详情页发送中每2秒刷新的内容）：各状态人数、完成百分比、是否仍在发送。"""
        message = self.get_object()
        return Response(
            {
                "status": message.status,
                "sending": message.status == Message.Status.SENDING,
                "finished_at": message.finished_at,
                "progress": selectors.progress(message),
            }
        )

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """每位接收人的发送状态（手机号码脱敏）。"""
        rows = selectors.deliveries_of(user=request.user, message=self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


@extend_schema_view(
    create=extend_schema(
        examples=[OpenApiExample("登记退订", value={"phone": "13900000009"}, request_only=True)]
    )
)
class OptOutViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Opt-outs are a list of phones that belongs to no unit: staff may add one, nobody lists them."""

    view_capability = "sms.send"
    queryset = OptOut.objects.none()
    serializer_class = OptOutSerializer

    def get_queryset(self):
        return OptOut.objects.none()

    def create(self, request, *args, **kwargs):
        body = OptOutSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        optout = services.optout_add(phone=body.validated_data["phone"], source="工作人员登记")
        return Response(OptOutSerializer(optout).data, status=201)


def register(router) -> None:
    router.register("sms/messages", MessageViewSet, basename="sms-message")
    router.register("sms/templates", TemplateViewSet, basename="sms-template")
    router.register("sms/lists", SavedListViewSet, basename="sms-list")
    router.register("sms/optouts", OptOutViewSet, basename="sms-optout")
