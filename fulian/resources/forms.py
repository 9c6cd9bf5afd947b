"""Web forms of resources, projects and services (Chinese messages; the services check the rules)."""

from __future__ import annotations

from django import forms

from fulian.core.formatting import money
from fulian.core.forms import CleanForm
from fulian.core.masking import mask_name
from fulian.core.pickers import ForUser, PickerField
from fulian.orgs.models import Level

from . import selectors
from .models import Donation, FundUse, Kind, Pairing, Project, ServiceKind, ServiceRecord

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 12, "decimal_places": 2}


class _UnitForm(ForUser, CleanForm):
    unit_capability = "resources.change"
    unit_filter = {"level__in": (Level.COUNTY, Level.TOWN, Level.VILLAGE)}


class FundForm(_UnitForm):
    unit_capability = "resources.funds"
    unit_filter = {"level__in": (Level.COUNTY, Level.TOWN)}
    unit = forms.ModelChoiceField(label="所属单位", queryset=None)
    name = forms.CharField(label="名称", max_length=60)
    purpose = forms.CharField(label="用途", max_length=200, required=False)


class DonationForm(CleanForm):
    donor_kind = forms.ChoiceField(label="捐赠方类别", choices=Donation.Donor.choices)
    donor = forms.CharField(label="捐赠方", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    amount = forms.DecimalField(label="金额/折价(元)", required=False, min_value=0, **MONEY)
    purpose = forms.CharField(label="捐赠用途", max_length=200, required=False)
    received_on = forms.DateField(label="接收日期", widget=DATE)
    items = forms.CharField(
        label="物资明细（每行：物品 数量 单位 估价，如“大米 50 袋 80”）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_items(self) -> list[dict]:
        rows = []
        for n, line in enumerate((self.cleaned_data.get("items") or "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise forms.ValidationError(f"第{n}行应为“物品 数量 单位 估价”四项，以空格分隔")
            try:
                rows.append(
                    {"name": parts[0], "quantity": parts[1], "measure": parts[2], "unit_value": parts[3]}
                )
                float(parts[1]), float(parts[3])
            except ValueError as exc:
                raise forms.ValidationError(f"第{n}行的数量和估价应为数字") from exc
        return rows

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.MONEY and not data.get("amount"):
            self.add_error("amount", "请填写金额")
        if data.get("kind") == Kind.GOODS and not data.get("amount") and not data.get("items"):
            self.add_error("items", "物资捐赠请填写物资明细或折价金额")
        return data


class DonationEditForm(CleanForm):
    donor_kind = forms.ChoiceField(label="捐赠方类别", choices=Donation.Donor.choices)
    donor = forms.CharField(label="捐赠方", max_length=100)
    amount = forms.DecimalField(label="金额/折价(元)", min_value=0, **MONEY)
    purpose = forms.CharField(label="捐赠用途", max_length=200, required=False)
    received_on = forms.DateField(label="接收日期", widget=DATE)


class CancelForm(CleanForm):
    cancel_reason = forms.CharField(label="作废原因", max_length=200)


class UseForm(CleanForm):
    target = forms.ChoiceField(label="去向", choices=FundUse.Target.choices)
    kind = forms.ChoiceField(label="类别", choices=Kind.choices)
    recipient = forms.CharField(label="接收方/用途", max_length=100)
    amount = forms.DecimalField(
        label="金额/折价(元)（救助发放时按所选记录合计）", required=False, min_value=0, **MONEY
    )
    used_on = forms.DateField(label="使用日期", widget=DATE)
    disbursements = forms.ModelMultipleChoiceField(
        label="由这笔支出支付的救助发放", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disbursements"].queryset = selectors.payable_disbursements(user=user, fund=fund)
        self.fields["disbursements"].label_from_instance = lambda d: (
            f"{d.paid_on:%Y-%m-%d} {d.programme.name} {mask_name(d.person.name)} {money(d.amount)}元"
        )


class ServiceForm(ForUser, CleanForm):
    person = PickerField("resources-person", label="服务对象")
    kind = forms.ModelChoiceField(label="服务类别", queryset=ServiceKind.objects.none())
    handled_on = forms.DateField(label="办理日期", widget=DATE)
    outcome = forms.ChoiceField(label="办理结果", choices=ServiceRecord.Outcome.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = selectors.service_kinds()


class ProjectForm(_UnitForm):
    unit = forms.ModelChoiceField(label="实施单位", queryset=None)
    name = forms.CharField(label="名称", max_length=100)
    type = forms.ChoiceField(label="类别", choices=Project.Type.choices)
    is_base = forms.BooleanField(label="这是基地（可承接培训和活动）", required=False)
    partners = forms.CharField(label="合作单位", max_length=200, required=False)
    funding = forms.DecimalField(label="资金(元)", required=False, min_value=0, **MONEY)
    proposed_on = forms.DateField(label="申报日期", widget=DATE)
    people_served = forms.IntegerField(label="服务人数", min_value=0, initial=0)
    units_served = forms.CharField(label="服务单位", max_length=200, required=False)
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AdvanceForm(CleanForm):
    done_on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明（不填则为阶段名称）", max_length=100, required=False)


class HostForm(CleanForm):
    trainings = forms.ModelMultipleChoiceField(
        label="承接的培训", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    activities = forms.ModelMultipleChoiceField(
        label="承接的活动", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        trainings, activities = selectors.hostable(user=user, project=project)
        self.fields["trainings"].queryset = trainings
        self.fields["activities"].queryset = activities


class MilestoneForm(CleanForm):
    done_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="事项", max_length=100)


class PairingForm(_UnitForm):
    unit = forms.ModelChoiceField(label="登记单位", queryset=None)
    type = forms.ChoiceField(label="类别", choices=Pairing.Type.choices)
    party_a = forms.CharField(label="结对一方", max_length=100)
    party_b = forms.CharField(label="结对另一方", max_length=100)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class PairingActivityForm(CleanForm):
    held_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="活动", max_length=100)
    participants = forms.IntegerField(label="参加人数", min_value=0, initial=0)
