from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from fulian.core.forms import BootstrapMixin
from fulian.core.periods import Period, PeriodKind
from fulian.core.scoping import visible
from fulian.orgs.models import Level, OrgUnit


def unit_choices(user, capability: str):
    """Units from the user's scope that reports are written for (county, town, village)."""
    return (
        visible(user, OrgUnit.objects.filter(level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE]), capability)
        .filter(active_until__isnull=True)
        .order_by("path")
    )


class QuickSelect(forms.Select):
    """A <select> written in Python, the same markup as Django's: Django renders every option through a
    template, which for the 331 units of a county cost about 40 ms per page (docs/performance.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})),
            options,
        )


class UnitChoices(ModelChoiceIterator):
    """(id, name) pairs read as such, not as units: the select lists every unit in scope."""

    def __iter__(self):
        yield from self.queryset.values_list("pk", "name")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the user's scope: validated against the queryset as any model choice, listed cheaply."""

    iterator = UnitChoices
    widget = QuickSelect


class PeriodForm(BootstrapMixin, forms.Form):
    """Unit and period for statistics and summaries. Chinese messages name the field."""

    unit = UnitChoiceField(label="单位", queryset=OrgUnit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="期间", choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    n = forms.IntegerField(label="第几（半年/季度/月）", min_value=1, max_value=12, required=False)
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, capability: str = "reports.view", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(user, capability)
        self.fields["year"].initial = timezone.localdate().year
        first = self.fields["unit"].queryset.first()
        if first is not None:
            self.fields["unit"].initial = first.pk

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["period"] = Period.parse(
                data["kind"], data["year"], data.get("n"), data.get("start"), data.get("end")
            )
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class SummaryCreateForm(PeriodForm):
    kind = forms.ChoiceField(
        label="总结类型", choices=[("year", "年度工作总结"), ("half", "半年工作总结")], initial="year"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("capability", "reports.summary")
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            del self.fields[name]
        self.fields["n"].label = "上/下半年（1 或 2，仅半年总结）"
        self.fields["n"].max_value = 2
        self.style_widgets()


class ParagraphForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="段落内容", widget=forms.Textarea(attrs={"rows": 6}), required=True)


class HeaderForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    signature = forms.CharField(label="落款单位", max_length=100, required=False)
    signed_on = forms.DateField(
        label="成文日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


class PlanItemForm(BootstrapMixin, forms.ModelForm):
    metric_key = forms.ChoiceField(label="对应指标", required=False)

    class Meta:
        from .models import PlanItem

        model = PlanItem
        fields = ["title", "area", "metric_key", "comparator", "target", "measure", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from fulian.core.figures import all_meta
        from fulian.core.summary import AREAS

        self.fields["area"] = forms.ChoiceField(label="工作领域", choices=[("", "—"), *AREAS], required=False)
        figures = sorted(
            ((k, f"{m.label}（{m.unit}）" if m.unit else m.label) for k, m in all_meta().items()),
            key=lambda c: c[1],
        )
        self.fields["metric_key"].choices = [("", "（不关联，手工填报）"), *figures]
        self.style_widgets()
