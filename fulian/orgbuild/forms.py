"""Web forms of organisation building (Chinese messages; the services check the rules)."""

from __future__ import annotations

from django import forms

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser, PickerField
from fulian.orgs.models import Level, Position

from .models import CadreTraining, Contest, Election, Place, Step
from .rules import METHODS

DATE = forms.DateInput(attrs={"type": "date"})


class ElectionForm(ForUser, CleanForm):
    unit_capability = "orgbuild.run"
    unit_filter = {"level__in": [Level.TOWN, Level.VILLAGE]}
    unit = forms.ModelChoiceField(label="选举单位", queryset=None)
    kind = forms.ChoiceField(label="类型", choices=Election.Kind.choices)
    title = forms.CharField(label="名称", max_length=100)
    representative_seats = forms.IntegerField(label="妇女代表名额", min_value=1, max_value=500)
    committee_seats = forms.IntegerField(label="执委名额", min_value=3, max_value=100)
    vice_chair_seats = forms.IntegerField(label="副主席名额", min_value=0, max_value=10, initial=2)
    ratio_percent = forms.IntegerField(label="差额比例（%）", min_value=0, max_value=100, initial=20)


class StepForm(CleanForm):
    done_on = forms.DateField(label="日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    attendance = forms.IntegerField(label="参加人数", min_value=0, initial=0)
    minutes = forms.CharField(label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label="附件（方案、纪要、名单的扫描件或文档）", required=False)

    @classmethod
    def for_step(cls, step: Step | None, *args, **kwargs):
        initial = {}
        if step is not None:
            initial = {k: getattr(step, k) for k in ("done_on", "place", "attendance", "minutes")}
        return cls(*args, initial=initial, **kwargs)


class SeatsForm(CleanForm):
    """The total, the method, and per sub-unit the adult women (prefilled from the registry)."""

    total = forms.IntegerField(label="妇女代表名额", min_value=1, max_value=500)
    method = forms.ChoiceField(label="分配方法", choices=list(METHODS.items()))

    def __init__(self, *args, units, counted: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for u in self.units:
            self.fields[f"women_{u.pk}"] = forms.IntegerField(
                label=f"{u.name}成年妇女人数", min_value=0, max_value=100000, initial=counted.get(u.pk, 0)
            )
            self.fields[f"entered_{u.pk}"] = forms.BooleanField(
                label=f"{u.name}人数为手工填写（服务对象库不完整）", required=False
            )

    def rows(self):
        return [(u, self[f"women_{u.pk}"], self[f"entered_{u.pk}"]) for u in self.units]

    def women(self) -> dict:
        return {
            u: (self.cleaned_data[f"women_{u.pk}"], not self.cleaned_data[f"entered_{u.pk}"])
            for u in self.units
        }


class CandidateForm(ForUser, CleanForm):
    contest = forms.ChoiceField(label="选举职务", choices=Contest.choices)
    person = PickerField("orgbuild-woman", label="候选人（服务对象库中的妇女）")
    group = forms.ModelChoiceField(label="推选单位（妇女代表）", queryset=None, required=False)
    full_time = forms.BooleanField(label="专职（副主席候选人当选后任专职副主席）", required=False)

    def __init__(self, *args, election, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = units


class RoundForm(CleanForm):
    contest = forms.ChoiceField(label="选举职务", choices=Contest.choices)
    group = forms.ModelChoiceField(label="村民小组（选举妇女代表时）", queryset=None, required=False)
    held_on = forms.DateField(label="投票日期", widget=DATE)
    entitled = forms.IntegerField(label="应到人数", min_value=1)
    present = forms.IntegerField(label="实到人数", min_value=0)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = units


class BoxForm(CleanForm):
    name = forms.CharField(label="票箱", max_length=30, initial="第1票箱")
    issued = forms.IntegerField(label="发出选票", min_value=0)
    returned = forms.IntegerField(label="收回选票", min_value=0)
    void = forms.IntegerField(label="废票（多选等）", min_value=0, initial=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=f"{c.person.name}得票", min_value=0, initial=0
            )

    def votes(self) -> dict:
        return {c: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}


class AppointForm(ForUser, CleanForm):
    position = forms.ChoiceField(label="职务", choices=Position.choices)
    person = PickerField("orgbuild-person", label="服务对象库人员", required=False)
    name = forms.CharField(label="姓名（库中没有时填写）", max_length=50, required=False)
    term_start = forms.DateField(label="任职日期", widget=DATE)
    term_end = forms.DateField(label="任期届满", widget=DATE, required=False)
    reason = forms.CharField(label="任职原因", max_length=200)


class RemoveForm(CleanForm):
    removed_on = forms.DateField(label="离任日期", widget=DATE)
    reason = forms.CharField(label="离任原因", max_length=200)


class _UnitForm(ForUser, CleanForm):
    unit_capability = "orgbuild.change"
    unit_filter = {"level__in": [Level.COUNTY, Level.TOWN, Level.VILLAGE]}


class TrainingForm(_UnitForm):
    unit = forms.ModelChoiceField(label="组织单位", queryset=None)
    kind = forms.ChoiceField(label="形式", choices=CadreTraining.Kind.choices)
    title = forms.CharField(label="名称", max_length=100)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)
    hours = forms.DecimalField(label="学时", max_digits=6, decimal_places=1, min_value=0)
    place = forms.CharField(label="地点或挂职单位", max_length=100, required=False)


class AttendanceForm(ForUser, CleanForm):
    member = PickerField("orgbuild-cadre", label="参训干部（现任）")


class PlaceForm(_UnitForm):
    unit = forms.ModelChoiceField(label="所属单位", queryset=None)
    kind = forms.ChoiceField(label="类型", choices=Place.Kind.choices)
    name = forms.CharField(label="名称", max_length=100)
    status = forms.ChoiceField(label="状态", choices=Place.Status.choices)
    area = forms.DecimalField(label="面积（平方米）", max_digits=7, decimal_places=1, required=False)
    opened_on = forms.DateField(label="启用日期", widget=DATE, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)
