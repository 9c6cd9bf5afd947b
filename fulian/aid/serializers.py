"""Rows and request bodies of the aid API (`api.py`)."""

from __future__ import annotations

from rest_framework import serializers

from fulian.core import publicnotice
from fulian.core.api import CleanModelSerializer, CleanSerializer

from .forms import ProgrammeForm
from .models import Application, Disbursement, Notice, Objection, Programme


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


class DecisionSerializer(CleanSerializer):
    """The body of review / approve / reject / withdraw: the note (required to reject)."""

    note = serializers.CharField(label="意见", max_length=200, required=False, allow_blank=True, default="")


class CancelSerializer(CleanSerializer):
    reason = serializers.CharField(label="作废原因", max_length=200)


class DisbursementUpdateSerializer(CleanSerializer):
    amount = serializers.DecimalField(label="金额(元)", max_digits=12, decimal_places=2, required=False)
    paid_on = serializers.DateField(label="发放日期", required=False)
    method = serializers.CharField(label="发放方式", max_length=30, required=False, allow_blank=True)
    note = serializers.CharField(label="备注", max_length=200, required=False, allow_blank=True)


class NoticeSerializer(CleanModelSerializer):
    applications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "programme",
            "unit",
            "title",
            "body",
            "start_date",
            "end_date",
            "contact",
            "status",
            "applications",
            "created_at",
        ]
        read_only_fields = fields


class NoticeCreateSerializer(publicnotice.NoticeCreateSerializerBase):
    programme = serializers.IntegerField(label="救助项目")
    applications = serializers.ListField(
        child=serializers.IntegerField(), label="公示名单", allow_empty=False
    )


class ObjectionSerializer(CleanModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "notice",
            "application",
            "received_on",
            "raised_by",
            "content",
            "status",
            "resolution",
            "resolved_at",
        ]
        read_only_fields = fields


class ObjectionCreateSerializer(publicnotice.ObjectionCreateSerializerBase):
    application = serializers.IntegerField(label="针对的申请", required=False, allow_null=True)


class ResolveSerializer(CleanSerializer):
    upheld = serializers.BooleanField(label="异议成立（撤销该申请）")
    resolution = serializers.CharField(label="核查与处理情况")


class ProgrammeWriteSerializer(CleanModelSerializer):
    """The body of creating or changing a programme: the fields of the page's form (one list)."""

    class Meta:
        model = Programme
        fields = list(ProgrammeForm.Meta.fields)
