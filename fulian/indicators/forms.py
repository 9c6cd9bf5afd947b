from __future__ import annotations

from django import forms

from fulian.core.forms import BootstrapMixin

from .models import AREAS, Indicator


class ValueForm(BootstrapMixin, forms.Form):
    numerator = forms.DecimalField(label="分子", required=False, min_value=0, max_digits=14, decimal_places=2)
    denominator = forms.DecimalField(
        label="分母", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    value = forms.DecimalField(label="指标值", required=False, max_digits=14, decimal_places=2)
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if self.indicator.kind == "ratio":
            if data.get("numerator") is None or data.get("denominator") is None:
                raise forms.ValidationError(
                    f"“{self.indicator.name}”是比率指标，请同时填写分子（{self.indicator.numerator_label}）"
                    f"和分母（{self.indicator.denominator_label}）"
                )
        elif data.get("value") is None:
            raise forms.ValidationError(f"请填写“{self.indicator.name}”的指标值")
        return data


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "plan",
            "area",
            "name",
            "definition",
            "kind",
            "numerator_label",
            "denominator_label",
            "numerator_key",
            "denominator_key",
            "scale",
            "measure",
            "data_source",
            "target",
            "direction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plans = dict(Indicator._meta.get_field("plan").choices)
        choices = [(a, f"{plans[plan]}·{a}") for plan, areas in AREAS.items() for a in areas]
        self.fields["area"] = forms.ChoiceField(label="领域", choices=choices)
        self.style_widgets()
