"""Request bodies of the case API's steps (`api.py`): the fields of the page's forms, the same choices."""

from __future__ import annotations

from rest_framework import serializers

from fulian.core.api import CleanSerializer
from fulian.people.models import Person

from . import risk
from .models import Case, FollowUp, ProtectionMeasure, Referral


def _choice(label: str, choices, **kwargs):
    return serializers.ChoiceField(label=label, choices=choices, **kwargs)


class IntakeSerializer(CleanSerializer):
    """A consultation or a case of a town where the caller registers cases. The person is either `person`
    (an id in the registry of that town) or the `new_*` fields (created through the registry's service;
    `new_confirm_similar` after checking a person with the same name and birthday is not her)."""

    handling_unit = serializers.IntegerField(label="承办单位")
    kind = _choice("性质", Case.Kind.choices, default=Case.Kind.CASE)
    channel = _choice("来源渠道", Case.Channel.choices)
    referred_by = _choice("转介来源", Case.ReferredBy.choices, required=False, allow_blank=True, default="")
    type = _choice("类型", Case.Type.choices)
    person = serializers.IntegerField(label="当事人（台账中已有）", required=False, allow_null=True)
    new_name = serializers.CharField(label="新当事人姓名", max_length=50, required=False, default="")
    new_gender = _choice("性别", Person.Gender.choices, required=False, default=Person.Gender.FEMALE)
    new_birth_date = serializers.DateField(label="出生日期", required=False, allow_null=True)
    new_id_number = serializers.CharField(label="居民身份证号", max_length=18, required=False, default="")
    new_mobile = serializers.CharField(label="手机号码", max_length=20, required=False, default="")
    new_village = serializers.IntegerField(label="所在村(社区)", required=False, allow_null=True)
    new_confirm_similar = serializers.BooleanField(label="已核实不是台账中同名同生日的人", required=False)
    respondent_name = serializers.CharField(label="被反映人", max_length=100, required=False, default="")
    respondent_relation = _choice(
        "与当事人关系", Case.Relation.choices, required=False, allow_blank=True, default=""
    )
    narrative = serializers.CharField(label="反映情况")
    request = serializers.CharField(label="当事人诉求", required=False, allow_blank=True, default="")
    answer = serializers.CharField(label="答复内容（咨询）", required=False, allow_blank=True, default="")


class AssignSerializer(CleanSerializer):
    worker = serializers.IntegerField(label="维权专员")


class AssessSerializer(CleanSerializer):
    answers = serializers.DictField(
        label="风险评估清单",
        child=serializers.BooleanField(),
        help_text="清单项 → 是否存在：" + "，".join(f"{i.key}（{i.label}）" for i in risk.CHECKLIST),
    )
    note = serializers.CharField(label="评估说明", required=False, allow_blank=True, default="")


class HandleSerializer(CleanSerializer):
    note = serializers.CharField(label="处置情况")


class FollowUpRequestSerializer(CleanSerializer):
    visited_on = serializers.DateField(label="回访日期")
    method = _choice("方式", FollowUp.Method.choices)
    note = serializers.CharField(label="回访情况")
    next_visit_on = serializers.DateField(label="下次回访日期", required=False, allow_null=True)


class CloseSerializer(CleanSerializer):
    outcome = _choice("办理结果", Case.Outcome.choices)
    satisfaction = _choice("当事人满意度", Case.Satisfaction.choices)
    note = serializers.CharField(label="结案说明", required=False, allow_blank=True, default="")


class ReopenSerializer(CleanSerializer):
    reason = serializers.CharField(label="重新开启理由", required=False, allow_blank=True, default="")


class ReferralRequestSerializer(CleanSerializer):
    body = serializers.IntegerField(label="转介单位", help_text="服务承办乡镇/街道的单位（名录中的编号）")
    asked = serializers.CharField(label="转介事项")
    referred_on = serializers.DateField(label="转介日期", required=False, allow_null=True)


class ReferralUpdateSerializer(CleanSerializer):
    status = _choice("办理状态", Referral.Status.choices)
    outcome = serializers.CharField(label="办理结果", required=False, allow_blank=True, default="")
    closed_on = serializers.DateField(label="办结日期", required=False, allow_null=True)


class WarningSerializer(CleanSerializer):
    body = serializers.IntegerField(label="出具告诫书的公安机关")
    issued_on = serializers.DateField(label="出具日期")
    note = serializers.CharField(label="内容", required=False, allow_blank=True, default="")


class OrderApplySerializer(CleanSerializer):
    body = serializers.IntegerField(label="受理法院")
    applicant = _choice("申请人", ProtectionMeasure.Applicant.choices)
    applied_at = serializers.DateTimeField(label="申请时间")
    urgent = serializers.BooleanField(label="紧急申请（24小时内裁定）", required=False, default=False)
    note = serializers.CharField(label="申请事项", required=False, allow_blank=True, default="")


class OrderDecideSerializer(CleanSerializer):
    decision = _choice(
        "裁定结果",
        [(ProtectionMeasure.Decision.GRANTED, "准予"), (ProtectionMeasure.Decision.REJECTED, "驳回")],
    )
    decided_at = serializers.DateTimeField(label="裁定时间")
    valid_from = serializers.DateField(label="生效日期", required=False, allow_null=True)
    valid_until = serializers.DateField(label="有效期至", required=False, allow_null=True)
