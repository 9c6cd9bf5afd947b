"""Web forms of the pairing ledger. Choices come from what the user may see; services validate the rest."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser, PickerField, bind_pickers
from fulian.core.scoping import visible

from .models import Pairing, Visit, VisitFrequency, Volunteer

DATE = forms.DateInput(attrs={"type": "date"})


def persons(user, capability: str = "care.change"):
    from fulian.people.models import Person

    return visible(user, Person, capability).select_related("village").order_by("name_pinyin", "id")


def minors(user, on: datetime.date | None = None):
    on = on or timezone.localdate()
    try:
        limit = on.replace(year=on.year - 18)
    except ValueError:  # 29 February
        limit = on.replace(year=on.year - 18, day=28)
    return persons(user).filter(birth_date__gt=limit)


class VolunteerForm(ForUser, CleanForm):
    person = PickerField("care-volunteer-person", label="志愿者（服务对象）")
    kind = forms.ChoiceField(label="类别", choices=Volunteer.Kind.choices)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    registered_on = forms.DateField(label="登记日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="备注", max_length=200, required=False)


class PairingForm(ForUser, CleanForm):
    volunteer = PickerField("care-volunteer", label="志愿者")
    child = PickerField("care-child", label="结对儿童")
    started_on = forms.DateField(label="结对日期", widget=DATE, initial=timezone.localdate)
    frequency = forms.TypedChoiceField(
        label="走访频次", choices=VisitFrequency.choices, coerce=int, initial=VisitFrequency.MONTHLY
    )
    reason = forms.CharField(label="结对原因", max_length=200)


class RepairForm(CleanForm):
    volunteer = PickerField("care-volunteer", label="新的志愿者")
    started_on = forms.DateField(label="新结对日期", widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label="重新结对原因", max_length=150)

    def __init__(self, *args, user, pairing: Pairing, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)
        field = self.fields["volunteer"]
        field.queryset = field.queryset.exclude(pk=pairing.volunteer_id)
        field.error_messages["invalid_choice"] = "请选择另一位在册志愿者（不能是原来的志愿者）"


class EndForm(CleanForm):
    ended_on = forms.DateField(label="结束日期", widget=DATE, initial=timezone.localdate)
    end_reason = forms.CharField(label="结束原因", max_length=200)


class VisitForm(CleanForm):
    visited_on = forms.DateField(label="走访日期", widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label="方式", choices=Visit.Kind.choices)
    notes = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}))
    needs_found = forms.CharField(
        label="发现的需求", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    need_solved = forms.BooleanField(label="需求已解决", required=False)
