"""Web forms of the screening ledger."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser, PickerField, bind_pickers
from fulian.core.scoping import visible
from fulian.orgs.models import Level

from .models import Campaign, Hospital, Result, Screening

DATE = forms.DateInput(attrs={"type": "date"})


class CampaignForm(ForUser, CleanForm):
    unit_capability = "health.campaign_change"
    unit_filter = {"level__lte": Level.TOWN}

    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Campaign.Kind.choices)
    unit = forms.ModelChoiceField(label="组织单位", queryset=None)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)
    age_min = forms.IntegerField(label="对象最小年龄", initial=35, min_value=0, max_value=120)
    age_max = forms.IntegerField(label="对象最大年龄", initial=64, min_value=0, max_value=120)
    target_count = forms.IntegerField(label="目标人数", initial=0, min_value=0)
    hospitals = forms.ModelMultipleChoiceField(
        label="合作医院", queryset=Hospital.objects.all(), required=False
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ScreeningForm(CleanForm):
    person = PickerField("health-woman", label="受检者（服务对象）")
    screened_on = forms.DateField(label="筛查日期", widget=DATE, initial=timezone.localdate)
    hospital = forms.ModelChoiceField(label="筛查医院", queryset=None, required=False)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)
        self.fields["hospital"].queryset = campaign.hospitals.all()


class ResultForm(CleanForm):
    result = forms.ChoiceField(label="筛查结果", choices=Result.choices)
    site = forms.ChoiceField(label="异常部位", choices=[("", "—"), *Screening.Site.choices], required=False)
    finding = forms.CharField(label="诊断/发现", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    referred_to = forms.CharField(label="转诊医院", max_length=100, required=False)
    referred_on = forms.DateField(label="转诊日期", widget=DATE, required=False)
    treatment = forms.ChoiceField(label="治疗情况", choices=Screening.Treatment.choices, required=False)
    treatment_note = forms.CharField(
        label="治疗说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    free_surgery = forms.BooleanField(label="免费手术", required=False)


class CountForm(CleanForm):
    village = PickerField("health-village", label="村(社区)")
    reported_on = forms.DateField(label="统计日期", widget=DATE, initial=timezone.localdate)
    screened = forms.IntegerField(label="筛查人数", min_value=0)
    abnormal = forms.IntegerField(label="异常人数", min_value=0, initial=0)
    positive = forms.IntegerField(label="阳性人数", min_value=0, initial=0)
    free_surgeries = forms.IntegerField(label="免费手术人数", min_value=0, initial=0)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].bind(user, within=campaign.unit_id)


class AidForm(CleanForm):
    programme = forms.ModelChoiceField(label="救助项目", queryset=None)
    amount = forms.DecimalField(label="申请金额（元）", max_digits=12, decimal_places=2, initial=10000)
    reason = forms.CharField(label="申请理由", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        from fulian.aid.models import Programme

        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = visible(user, Programme, "aid.apply").order_by("-year", "name")
