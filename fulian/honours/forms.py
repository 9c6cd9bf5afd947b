"""Input of honours pages, with Chinese messages (on core.forms)."""

from __future__ import annotations

from django import forms

from fulian.core import publicnotice
from fulian.core.forms import CleanForm, CleanModelForm, DateInput
from fulian.core.pickers import ForUser, PickerField, bind_pickers
from fulian.core.scoping import visible
from fulian.orgs.models import Level, OrgUnit

from .capabilities import NOMINATE, REVIEW
from .models import Campaign, HonourKind, HonourLevel, Nomination


class KindForm(CleanModelForm):
    class Meta:
        model = HonourKind
        fields = [
            "name",
            "holder_type",
            "cycle_years",
            "min_women_percent",
            "min_lower_months",
            "repeat_window_years",
            "veto_open_dv_case",
            "veto_family_planning_years",
            "description",
            "active",
        ]


class CampaignForm(ForUser, CleanModelForm):
    unit_capability = REVIEW
    unit_filter = {"level__lte": Level.TOWN}
    unit_ordering = ()  # the database's order

    class Meta:
        model = Campaign
        fields = [
            "kind",
            "year",
            "level",
            "unit",
            "title",
            "awarding_body",
            "nominations_close",
            "reference_date",
        ]
        widgets = {"nominations_close": DateInput, "reference_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = HonourKind.objects.filter(active=True)
        self.fields["title"].required = False
        self.fields["title"].help_text = "不填则自动生成"
        self.fields["awarding_body"].required = False
        self.fields["reference_date"].required = False
        self.fields["reference_date"].help_text = "不填则为推荐截止日期"


class QuotaForm(CleanForm):
    unit = forms.ModelChoiceField(label="推荐单位", queryset=OrgUnit.objects.none())
    places = forms.IntegerField(label="名额", min_value=0, max_value=999)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            path__startswith=campaign.unit_path, depth=campaign.unit.depth + 1
        )


class NominationForm(CleanForm):
    nominated_by = forms.ModelChoiceField(label="推荐单位", queryset=OrgUnit.objects.none())
    person = PickerField("honours-person", label="个人/家庭代表（服务对象库）", required=False)
    village = forms.ModelChoiceField(label="村(社区)", queryset=OrgUnit.objects.none(), required=False)
    holder_name = forms.CharField(label="集体或单位名称", max_length=80, required=False)
    staff_total = forms.IntegerField(label="职工(成员)总数", min_value=1, required=False)
    staff_women = forms.IntegerField(label="其中女性", min_value=0, required=False)
    deeds = forms.CharField(label="主要事迹", widget=forms.Textarea(attrs={"rows": 4}))
    self_nominated = forms.BooleanField(label="个人自荐", required=False)

    HOLDER_FIELDS = {
        "person": ["person", "self_nominated"],
        "family": ["person"],
        "village": ["village"],
        "unit": ["holder_name", "staff_total", "staff_women"],
    }

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)
        units = visible(user, OrgUnit, NOMINATE).filter(path__startswith=campaign.unit_path)
        self.fields["nominated_by"].queryset = units.filter(
            level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE]
        )
        self.fields["village"].queryset = units.filter(level=Level.VILLAGE)
        kind = campaign.kind
        keep = set(self.HOLDER_FIELDS[kind.holder_type]) | {"nominated_by", "deeds"}
        if kind.min_women_percent is not None:
            keep |= {"staff_total", "staff_women"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class ReviewForm(CleanForm):
    approve = forms.TypedChoiceField(
        label="审核结果", choices=[("1", "通过（拟表彰）"), ("0", "不通过")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="审核意见", max_length=200, required=False)


class NoticeForm(publicnotice.NoticeFormBase):
    nominations = forms.ModelMultipleChoiceField(
        label="公示名单", queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible(user, OrgUnit, REVIEW).filter(path=campaign.unit_path)
        self.fields["nominations"].queryset = campaign.nominations.filter(
            status=Nomination.Status.APPROVED, notice__isnull=True
        )
        self.fields["nominations"].label_from_instance = lambda n: n.shown_name


class ObjectionForm(publicnotice.ObjectionFormBase):
    nomination = forms.ModelChoiceField(
        label="针对的对象", queryset=Nomination.objects.none(), required=False
    )
    field_order = ["nomination"]

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = notice.nominations.all()
        self.fields["nomination"].label_from_instance = lambda n: n.shown_name


class AwardDecisionForm(CleanForm):
    awarded_on = forms.DateField(label="表彰日期", widget=DateInput)
    decision_number = forms.CharField(label="表彰决定文号", max_length=40, required=False)


class UnitAndVillageForm(ForUser, CleanForm):
    """A `unit` field (the county, town or village units where she may nominate) and a `village` field
    (the villages among them), both in the database's order."""

    unit_capability = NOMINATE
    unit_filter = {"level__in": [Level.COUNTY, Level.TOWN, Level.VILLAGE]}
    unit_ordering = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = visible(self.user, OrgUnit, NOMINATE).filter(level=Level.VILLAGE)


class AwardForm(UnitAndVillageForm):
    """A title held from the past or given by a higher body."""

    kind = forms.ModelChoiceField(label="称号", queryset=HonourKind.objects.all())
    level = forms.TypedChoiceField(label="级别", choices=HonourLevel.choices, coerce=int)
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    awarded_on = forms.DateField(label="命名/表彰日期", widget=DateInput)
    awarding_body = forms.CharField(label="表彰机关", max_length=50)
    unit = forms.ModelChoiceField(label="登记单位", queryset=OrgUnit.objects.none())
    person = PickerField("honours-person", label="个人/家庭代表（个人、家庭称号）", required=False)
    village = forms.ModelChoiceField(
        label="村(社区)（示范村等）", queryset=OrgUnit.objects.none(), required=False
    )
    holder_name = forms.CharField(label="集体或单位名称（集体称号）", max_length=80, required=False)
    certificate_number = forms.CharField(label="证书编号", max_length=40, required=False)
