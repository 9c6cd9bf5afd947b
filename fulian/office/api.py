"""The office app under /api/v1/office/…: numbering series, sent and received documents, notices with
their receipts, and the caller's own inbox."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fulian.core.api import (
    CleanModelSerializer,
    CleanSerializer,
    ScopedAPIMixin,
    ScopedCreateViewSet,
    ScopedRelatedField,
)
from fulian.core.roles import Role

from . import services
from .forms import people_in_scope
from .models import Direction, Document, DocumentSeries, Notice, Receipt

VIEW, CHANGE = "office.view", "office.change"
SEND, READ = "office.notice_send", "office.notice_read"


def _example(name: str, value: dict):
    return extend_schema(examples=[OpenApiExample(name, value=value, request_only=True)])


class _Base(ScopedCreateViewSet):
    view_capability = VIEW
    change_capability = CHANGE


class SeriesSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = DocumentSeries
        fields = ["id", "unit", "prefix", "name", "is_active"]
        read_only_fields = ["is_active"]
        validators = []  # the service names a prefix already in use, in Chinese


@extend_schema_view(create=_example("发文字号", {"unit": 1, "prefix": "竹妇发", "name": "发文"}))
class SeriesViewSet(_Base):
    queryset = DocumentSeries.objects.select_related("unit").order_by("unit_path", "prefix")
    serializer_class = SeriesSerializer
    service = services.series_create


class SentSerializer(CleanModelSerializer):
    series = ScopedRelatedField(DocumentSeries, CHANGE)

    class Meta:
        model = Document
        fields = ["id", "series", "number", "title", "dated_on", "recipients", "note", "unit"]
        read_only_fields = ["number", "unit"]


@extend_schema_view(
    create=_example(
        "发文",
        {"series": 1, "title": "关于开展2027年“三八”国际妇女节系列活动的通知", "dated_on": "2027-02-20",
         "recipients": "各村(社区)妇联"},
    )
)  # fmt: skip
class SentViewSet(_Base):
    """Documents sent out: POST takes the series' next number for the year of the date."""

    queryset = Document.objects.filter(direction=Direction.SENT).order_by("-dated_on", "-id")
    serializer_class = SentSerializer
    service = services.document_send


class ReceivedSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", CHANGE)

    class Meta:
        model = Document
        fields = ["id", "unit", "source", "number", "title", "dated_on", "note"]


@extend_schema_view(
    create=_example(
        "收文",
        {"unit": 1, "source": "达州市妇联", "number": "达市妇发〔2027〕5号",
         "title": "关于做好2027年妇女工作的意见", "dated_on": "2027-01-15"},
    )
)  # fmt: skip
class ReceivedViewSet(_Base):
    queryset = Document.objects.filter(direction=Direction.RECEIVED).order_by("-dated_on", "-id")
    serializer_class = ReceivedSerializer
    service = services.document_receive


@extend_schema_field(OpenApiTypes.INT)
class PeopleField(serializers.PrimaryKeyRelatedField):
    """People of the caller's sending scope, by user id (anyone else does not exist for her)."""

    def get_queryset(self):
        return people_in_scope(self.context["request"].user)


class ReceiptSerializer(CleanModelSerializer):
    name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Receipt
        fields = ["id", "notice", "name", "unit_name", "read_at", "signed_up_at", "attended"]
        read_only_fields = fields
        ref_name = "OfficeReceipt"

    def get_name(self, receipt) -> str:
        return receipt.user.display_name or receipt.user.username


class AttendanceSerializer(CleanSerializer):
    present = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)


class NoticeSerializer(CleanModelSerializer):
    unit = ScopedRelatedField("orgs.OrgUnit", SEND)
    units = ScopedRelatedField("orgs.OrgUnit", SEND, many=True, required=False, write_only=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False, write_only=True
    )
    people = PeopleField(many=True, required=False, write_only=True)
    subunits = serializers.BooleanField(default=True, write_only=True)
    recipient_list = ScopedRelatedField(
        "office.RecipientList", SEND, required=False, allow_null=True, write_only=True
    )
    receipts = ReceiptSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "unit", "kind", "title", "body", "meeting_at", "place", "sent_at",
            "units", "roles", "people", "subunits", "recipient_list", "receipts",
        ]  # fmt: skip
        ref_name = "OfficeNotice"
        read_only_fields = ["sent_at"]


@extend_schema_view(
    create=_example(
        "会议通知",
        {"unit": 1, "kind": "meeting", "title": "关于召开2027年上半年妇联主席例会的通知",
         "body": "请各村(社区)妇联主席准时参会。", "meeting_at": "2027-06-20T09:00:00+08:00",
         "place": "镇政府三楼会议室", "units": [1], "roles": ["village_chair"], "subunits": True},
    )
)  # fmt: skip
class NoticeViewSet(_Base):
    """Notices sent by units of the caller's sending scope, each with its receipts."""

    view_capability = SEND
    change_capability = SEND
    queryset = Notice.objects.select_related("unit").prefetch_related("receipts__user", "receipts__unit")
    serializer_class = NoticeSerializer
    service = services.notice_send

    def base_queryset(self):
        return self.queryset.order_by("-sent_at", "-id")

    @extend_schema(
        request=AttendanceSerializer,
        examples=[OpenApiExample("出席名单", value={"present": [1]}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        notice = self.get_object()
        body = AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.attendance_record(user=request.user, notice=notice, present=body.validated_data["present"])
        notice = self.get_queryset().get(pk=notice.pk)
        return Response(self.get_serializer(notice).data)


class InboxSerializer(CleanModelSerializer):
    title = serializers.CharField(source="notice.title", read_only=True)
    body = serializers.CharField(source="notice.body", read_only=True)
    kind = serializers.CharField(source="notice.kind", read_only=True)
    unit_name = serializers.CharField(source="notice.unit.name", read_only=True)
    sent_at = serializers.DateTimeField(source="notice.sent_at", read_only=True)
    meeting_at = serializers.DateTimeField(source="notice.meeting_at", read_only=True)

    class Meta:
        model = Receipt
        fields = [
            "id",
            "notice",
            "title",
            "body",
            "kind",
            "unit_name",
            "sent_at",
            "meeting_at",
            "read_at",
            "signed_up_at",
        ]
        read_only_fields = fields


class SignupSerializer(CleanSerializer):
    attending = serializers.BooleanField(default=True)


class InboxViewSet(ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own receipts: her notices, unread first."""

    view_capability = READ
    change_capability = READ
    queryset = Receipt.objects.select_related("notice__unit")
    serializer_class = InboxSerializer

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user).order_by("read_at", "-notice__sent_at")

    @extend_schema(request=None, responses=InboxSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        receipt = self.get_object()
        services.notice_read(user=request.user, notice=receipt.notice)
        receipt.refresh_from_db()
        return Response(self.get_serializer(receipt).data)

    @extend_schema(
        request=SignupSerializer,
        responses=InboxSerializer,
        examples=[OpenApiExample("报名", value={"attending": True}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        receipt = self.get_object()
        body = SignupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.meeting_signup(
            user=request.user, notice=receipt.notice, attending=body.validated_data["attending"]
        )
        receipt.refresh_from_db()
        return Response(self.get_serializer(receipt).data)


def register(router) -> None:
    router.register("office/series", SeriesViewSet, basename="office-series")
    router.register("office/sent", SentViewSet, basename="office-sent")
    router.register("office/received", ReceivedViewSet, basename="office-received")
    router.register("office/notices", NoticeViewSet, basename="office-notices")
    router.register("office/inbox", InboxViewSet, basename="office-inbox")
    from .api_lists import RecipientListViewSet
    from .api_training import NoticeTrainingViewSet

    router.register("office/lists", RecipientListViewSet, basename="office-lists")
    router.register("office/notice-training", NoticeTrainingViewSet, basename="office-notice-training")
