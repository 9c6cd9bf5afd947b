"""Web forms of the employment ledger."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser, PickerField
from fulian.orgs.models import Level

from .models import Entrepreneur

DATE = forms.DateInput(attrs={"type": "date"})


class _UnitForm(ForUser, CleanForm):
    unit_capability = "employment.change"
    unit_filter = {"level__lte": Level.VILLAGE}


class TrainingForm(_UnitForm):
    title = forms.CharField(label="培训名称", max_length=100)
    unit = forms.ModelChoiceField(label="举办单位", queryset=None)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    subject = forms.CharField(label="培训内容", max_length=200, required=False)
    partner = forms.CharField(label="合作单位", max_length=100, required=False)


class TraineeForm(ForUser, CleanForm):
    person = PickerField("employment-person", label="学员（服务对象）")
    completed = forms.BooleanField(label="结业", required=False, initial=True)
    certified = forms.BooleanField(label="取得证书", required=False)


class FairForm(_UnitForm):
    title = forms.CharField(label="招聘会名称", max_length=100)
    unit = forms.ModelChoiceField(label="举办单位", queryset=None)
    held_on = forms.DateField(label="举办日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    attendees = forms.IntegerField(label="参会求职人数", min_value=0, initial=0)


class EmployerForm(CleanForm):
    name = forms.CharField(label="用人单位", max_length=100)
    posts_offered = forms.IntegerField(label="提供岗位数", min_value=0)
    hires = forms.IntegerField(label="达成就业人数", min_value=0, initial=0)


class EntrepreneurForm(ForUser, CleanForm):
    person = PickerField("employment-new-entrepreneur", label="创业者（服务对象）")
    kind = forms.ChoiceField(label="类别", choices=Entrepreneur.Kind.choices)
    business_name = forms.CharField(label="经营实体名称", max_length=100)
    business_type = forms.CharField(label="行业", max_length=50, required=False)
    started_on = forms.DateField(label="创业时间", widget=DATE)
    employees = forms.IntegerField(label="带动就业人数", min_value=0, initial=0)


class LoanForm(CleanForm):
    amount = forms.DecimalField(label="贷款金额（元）", max_digits=12, decimal_places=2)
    bank = forms.CharField(label="放款银行", max_length=100)
    granted_on = forms.DateField(label="放款日期", widget=DATE, initial=timezone.localdate)
    term_months = forms.IntegerField(label="期限（月）", min_value=1, max_value=360, initial=24)


class RepaidForm(CleanForm):
    repaid_on = forms.DateField(label="还清日期", widget=DATE, initial=timezone.localdate)
