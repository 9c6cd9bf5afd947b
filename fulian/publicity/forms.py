"""Web forms of the publicity register."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser
from fulian.orgs.models import Level, OrgUnit

from .models import Kind, Outlet

DATE = forms.DateInput(attrs={"type": "date"})


class PieceForm(ForUser, CleanForm):
    unit_capability = "publicity.change"
    unit_filter = {"level__lte": Level.VILLAGE, "active_until__isnull": True}
    unit_ordering = ()  # the database's order
    title = forms.CharField(label="标题", max_length=150)
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none())
    authors = forms.CharField(label="作者", max_length=100, help_text="多位作者用顿号分隔")
    written_on = forms.DateField(label="撰写日期", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    link = forms.URLField(label="链接", max_length=300, required=False, assume_scheme="https")
    attachment = forms.FileField(label="附件", required=False)


class AdoptionForm(CleanForm):
    outlet = forms.ChoiceField(label="报送渠道", choices=Outlet.choices)
    outlet_name = forms.CharField(label="媒体名称", max_length=100, required=False)
    submitted_on = forms.DateField(label="报送日期", widget=DATE, initial=timezone.localdate)
    adopted_on = forms.DateField(label="采用日期", widget=DATE, required=False, help_text="未采用的留空")


class FilterForm(CleanForm):
    q = forms.CharField(label="标题或作者", required=False, max_length=50)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部类别"), *Kind.choices], required=False)
    outlet = forms.ChoiceField(label="采用渠道", choices=[("", "全部渠道"), *Outlet.choices], required=False)
    start = forms.DateField(label="从", widget=DATE, required=False)
    end = forms.DateField(label="到", widget=DATE, required=False)


class YearForm(CleanForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
