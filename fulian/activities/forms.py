from __future__ import annotations

from django import forms

from fulian.core.forms import BootstrapMixin, CleanForm, CleanModelForm, DateInput
from fulian.core.pickers import ForUser
from fulian.core.scoping import visible
from fulian.orgs.models import Level, OrgUnit

from .models import Activity, ActivityType, OutsideBody, QuantityKind


class ActivityForm(CleanModelForm):
    """The activity fields; quantities come as one extra field per active kind (qty_<id>)."""

    class Meta:
        model = Activity
        fields = [
            "type",
            "title",
            "start_date",
            "end_date",
            "place",
            "unit",
            "co_units",
            "co_bodies",
            "participant_count",
            "money_spent",
            "summary",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "co_units": forms.SelectMultiple(attrs={"size": 4}),
            "co_bodies": forms.CheckboxSelectMultiple,
        }
        help_texts = {"participant_count": "可只填人数；在活动页面还可逐一关联参加人员"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["type"].queryset = ActivityType.objects.filter(is_active=True, ledger="")
        elsewhere = ActivityType.objects.filter(is_active=True).exclude(ledger="")
        if elsewhere:
            self.fields["type"].help_text = "；".join(t.ledger_message() for t in elsewhere)
        self.fields["unit"].queryset = visible(user, OrgUnit, "activities.change").filter(
            level__lte=Level.VILLAGE
        )
        self.fields["co_units"].queryset = OrgUnit.objects.filter(
            level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE]
        )
        self.fields["co_units"].required = False
        self.fields["co_bodies"].queryset = OutsideBody.objects.filter(is_active=True)
        self.fields["participant_count"].required = False
        self.kinds = list(QuantityKind.objects.filter(is_active=True))
        initial = {}
        if self.instance.pk:
            initial = {q.kind_id: q.amount for q in self.instance.quantities.all()}
        for kind in self.kinds:
            self.fields[f"qty_{kind.id}"] = forms.IntegerField(
                label=f"{kind.name}（{kind.unit}）", required=False, min_value=0, initial=initial.get(kind.id)
            )

    def quantity_fields(self):
        return [self[f"qty_{k.id}"] for k in self.kinds]

    def quantities(self) -> dict:
        return {k: self.cleaned_data.get(f"qty_{k.id}") or 0 for k in self.kinds}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期")
        return data


class TeamForm(CleanForm):
    name = forms.CharField(label="队名", max_length=50)
    members = forms.IntegerField(label="队员人数", min_value=0, required=False)
    result = forms.CharField(label="成绩/名次", max_length=50, required=False)


class AttachmentForm(CleanForm):
    file = forms.FileField(label="照片或文件")
    caption = forms.CharField(label="说明", max_length=100, required=False)


class ActivityFilterForm(ForUser, CleanForm):
    unit_capability = "activities.view"
    unit_filter = {"level__lte": Level.VILLAGE}
    unit_ordering = ()  # the database's order

    q = forms.CharField(label="关键词", required=False)
    type = forms.ModelChoiceField(label="类型", queryset=ActivityType.objects.all(), required=False)
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none(), required=False)
    start = forms.DateField(label="起", required=False, widget=DateInput)
    end = forms.DateField(label="止", required=False, widget=DateInput)


class ListItemForm(CleanForm):
    """Add one entry to a managed list."""

    LIST_CHOICES = [("type", "活动类型"), ("body", "协办部门"), ("kind", "数量项目")]
    list = forms.ChoiceField(label="列表", choices=LIST_CHOICES)
    name = forms.CharField(label="名称", max_length=30)
    unit = forms.CharField(label="单位（数量项目必填）", max_length=10, required=False)

    def clean(self):
        data = super().clean()
        if data.get("list") == "kind" and not data.get("unit"):
            self.add_error("unit", "数量项目需要填写单位，如 份、个、人次")
        return data


class ActivityTypeForm(BootstrapMixin, CleanModelForm):
    """A kind of activity and where it goes in the annual summary (the county's activity types page)."""

    class Meta:
        model = ActivityType
        fields = ["name", "area", "summary_heading", "ledger", "order", "is_active"]
        labels = {"order": "排序（小者在前）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", "（不单独成段，只计入活动总数）"),
            *self.fields["area"].choices[1:],
        ]


class PersonSearchForm(CleanForm):
    name = forms.CharField(label="姓名", max_length=50)
