from __future__ import annotations

from django import forms

from fulian.core.forms import CleanForm
from fulian.core.models import AccessLog

from .diff import ACTION_LABELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _DateRangeForm(CleanForm):
    user = forms.CharField(label="用户", required=False, max_length=150)
    date_from = forms.DateField(label="开始日期", required=False, widget=DATE)
    date_to = forms.DateField(label="结束日期", required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data


class ChangeFilterForm(_DateRangeForm):
    model = forms.TypedChoiceField(label="对象类型", required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(
        label="操作",
        required=False,
        choices=[("", "全部操作")] + [(str(k), v) for k, v in ACTION_LABELS.items()],
    )
    field_order = ["model", "action", "user", "date_from", "date_to"]

    def __init__(self, *args, models: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "全部类型"), *models]


class AccessFilterForm(_DateRangeForm):
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部操作"), *AccessLog.Action.choices]
    )
    target_type = forms.ChoiceField(label="对象类型", required=False)
    field_order = ["action", "target_type", "user", "date_from", "date_to"]

    def __init__(self, *args, target_types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", "全部类型"), *target_types]
