from __future__ import annotations

from django import forms

from fulian.core import publicnotice
from fulian.core.formatting import money
from fulian.core.forms import CleanForm, CleanModelForm, DateInput
from fulian.core.scoping import visible
from fulian.orgs.models import Level, OrgUnit

from .models import Application, Disbursement, Programme


class ProgrammeForm(CleanModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "code",
            "year",
            "unit",
            "form",
            "budget",
            "min_amount",
            "max_amount",
            "county_threshold",
            "eligible_categories",
            "repeat_window_days",
            "description",
            "is_open",
        ]
        widgets = {
            "eligible_categories": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from fulian.people.models import Category

        self.fields["unit"].queryset = visible(user, OrgUnit, "aid.programme_change").filter(
            level__in=[Level.COUNTY, Level.TOWN]
        )
        self.fields["eligible_categories"].queryset = Category.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["unit"].disabled = True


class PersonSearchForm(CleanForm):
    q = forms.CharField(label="姓名", max_length=50, required=False)


class ApplicationForm(CleanForm):
    amount = forms.DecimalField(label="申请金额(元)", max_digits=12, decimal_places=2, min_value=0)
    reason = forms.CharField(
        label="申请理由/家庭情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(CleanForm):
    note = forms.CharField(label="意见", max_length=200, required=False)


class NoticeForm(publicnotice.NoticeFormBase):
    applications = forms.ModelMultipleChoiceField(
        label="公示名单", queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible(user, OrgUnit, "aid.notice").filter(
            level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE]
        )
        self.fields["applications"].queryset = (
            visible(user, Application, "aid.notice")
            .filter(programme=programme, status=Application.Status.APPROVED, notice__isnull=True)
            .select_related("person", "village")
        )
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.person.name}（{a.village.name}）{money(a.amount)}元"
        )


class ObjectionForm(publicnotice.ObjectionFormBase):
    application = forms.ModelChoiceField(
        label="针对的申请", queryset=Application.objects.none(), required=False
    )
    field_order = ["application"]

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = notice.applications.select_related("person")
        self.fields["application"].label_from_instance = lambda a: a.person.name


class DisbursementForm(CleanForm):
    kind = forms.ChoiceField(label="发放形式", choices=Disbursement.Kind.choices)
    amount = forms.DecimalField(
        label="金额(元)",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="实物发放按物品折价自动计算",
    )
    paid_on = forms.DateField(label="发放日期", widget=DateInput)
    method = forms.CharField(label="发放方式", max_length=30, required=False)
    item_name = forms.CharField(label="物品", max_length=50, required=False)
    item_quantity = forms.IntegerField(label="数量", min_value=1, required=False)
    item_unit = forms.CharField(label="单位", max_length=10, required=False)
    item_value = forms.DecimalField(label="单价(元)", max_digits=12, decimal_places=2, required=False)
    receipt = forms.FileField(label="签收单扫描件", required=False)
    receipt_signed_on = forms.DateField(label="签收日期", widget=DateInput, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def items(self) -> list[dict]:
        d = self.cleaned_data
        if not d.get("item_name"):
            return []
        return [
            {
                "name": d["item_name"],
                "quantity": d.get("item_quantity") or 1,
                "unit": d.get("item_unit") or "",
                "unit_value": d.get("item_value") or 0,
            }
        ]


class CancelForm(CleanForm):
    reason = forms.CharField(label="作废原因", max_length=200)


class ReceiptForm(CleanForm):
    receipt = forms.FileField(label="签收单扫描件")
    receipt_signed_on = forms.DateField(label="签收日期", widget=DateInput, required=False)


class DisbursementEditForm(CleanForm):
    amount = forms.DecimalField(label="金额(元)", max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label="发放日期", widget=DateInput)
