"""Forms of the rights-protection pages: they parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fulian.core.forms import CleanForm, DateInput
from fulian.orgs.models import Level, OrgUnit
from fulian.people.models import Person

from . import risk
from .models import Case, FollowUp, ProtectionMeasure, Referral, ReferralBody

DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
UNKNOWN_BODY = "转介单位不在本地转介单位名录中，请从名录中选择（新单位请先由管理员加入名录）"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StyledForm(CleanForm):
    """Bootstrap classes on every widget, so templates just print the fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._style()

    def _style(self) -> None:
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.RadioSelect):
                continue
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select form-select-sm")
            else:
                w.attrs.setdefault("class", "form-control form-control-sm")


def _dt_field(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=DT_FORMATS, widget=DateTimeInput()
    )


class IntakeForm(StyledForm):
    handling_unit = forms.ModelChoiceField(label="承办单位", queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label="性质", choices=Case.Kind.choices, initial=Case.Kind.CASE)
    channel = forms.ChoiceField(label="来源渠道", choices=Case.Channel.choices)
    referred_by = forms.ChoiceField(
        label="转介来源", choices=[("", "—"), *Case.ReferredBy.choices], required=False
    )
    type = forms.ChoiceField(label="类型", choices=Case.Type.choices)
    person = forms.ModelChoiceField(
        label="当事人（台账中已有）",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "所选当事人不在承办乡镇/街道的台账中"},
    )
    new_name = forms.CharField(label="新当事人姓名", max_length=50, required=False)
    new_gender = forms.ChoiceField(label="性别", choices=Person.Gender.choices, required=False)
    new_birth_date = forms.DateField(label="出生日期", required=False, widget=DateInput())
    new_id_number = forms.CharField(label="居民身份证号", max_length=18, required=False)
    new_mobile = forms.CharField(label="手机号码", max_length=20, required=False)
    new_village = forms.ModelChoiceField(
        label="所在村(社区)", queryset=OrgUnit.objects.none(), required=False
    )
    new_confirm_similar = forms.BooleanField(label="已核实：不是台账中同名同生日的人", required=False)
    respondent_name = forms.CharField(label="被反映人", max_length=100, required=False)
    respondent_relation = forms.ChoiceField(
        label="与当事人关系", choices=[("", "—"), *Case.Relation.choices], required=False
    )
    narrative = forms.CharField(label="反映情况", widget=forms.Textarea(attrs={"rows": 4}))
    request = forms.CharField(label="当事人诉求", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    answer = forms.CharField(
        label="答复内容（咨询）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, towns=None, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        towns = towns if towns is not None else OrgUnit.objects.none()
        self.fields["handling_unit"].queryset = towns
        if len(towns) == 1:
            self.fields["handling_unit"].initial = towns[0].pk
        self.fields["person"].queryset = persons if persons is not None else Person.objects.none()
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.name}　{p.birth_date:%Y}年生　{p.village.name}　{p.id_number_masked}"
        )
        villages = OrgUnit.objects.filter(level=Level.VILLAGE, active_until__isnull=True).order_by("path")
        q = None
        for t in towns:
            cond = villages.filter(path__startswith=t.path)
            q = cond if q is None else q | cond
        self.fields["new_village"].queryset = q if q is not None else OrgUnit.objects.none()

    def new_person(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("new_name"):
            return None
        return {
            "name": d["new_name"],
            "gender": d.get("new_gender") or Person.Gender.FEMALE,
            "birth_date": d.get("new_birth_date"),
            "id_number": d.get("new_id_number", ""),
            "mobile": d.get("new_mobile", ""),
            "village": d.get("new_village"),
        }


class AssessForm(StyledForm):
    note = forms.CharField(label="评估说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in risk.CHECKLIST:
            self.fields[f"q_{item.key}"] = forms.BooleanField(label=item.label, required=False)
        self._style()

    def answers(self) -> dict[str, bool]:
        return {item.key: bool(self.cleaned_data.get(f"q_{item.key}")) for item in risk.CHECKLIST}


class HandleForm(StyledForm):
    note = forms.CharField(label="处置情况", widget=forms.Textarea(attrs={"rows": 2}))


class _BodyForm(StyledForm):
    body = forms.ModelChoiceField(
        label="单位",
        queryset=ReferralBody.objects.none(),
        error_messages={"invalid_choice": UNKNOWN_BODY, "required": "请选择单位"},
    )

    body_kinds: tuple[str, ...] = ()

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = bodies if bodies is not None else ReferralBody.objects.none()
        if self.body_kinds:
            qs = qs.filter(kind__in=self.body_kinds)
        self.fields["body"].queryset = qs


class ReferralForm(_BodyForm):
    asked = forms.CharField(label="转介事项", widget=forms.Textarea(attrs={"rows": 2}))
    referred_on = forms.DateField(label="转介日期", initial=timezone.localdate, widget=DateInput())


class ReferralUpdateForm(StyledForm):
    status = forms.ChoiceField(label="办理状态", choices=Referral.Status.choices)
    outcome = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    closed_on = forms.DateField(label="办结日期", required=False, widget=DateInput())


class WarningForm(_BodyForm):
    body_kinds = (ReferralBody.Kind.POLICE,)
    issued_on = forms.DateField(label="出具日期", widget=DateInput())
    note = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OrderApplyForm(_BodyForm):
    body_kinds = (ReferralBody.Kind.COURT,)
    applicant = forms.ChoiceField(label="申请人", choices=ProtectionMeasure.Applicant.choices)
    applied_at = _dt_field("申请时间")
    urgent = forms.BooleanField(label="紧急申请（24小时内裁定）", required=False)
    note = forms.CharField(label="申请事项", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OrderDecideForm(StyledForm):
    decision = forms.ChoiceField(
        label="裁定结果",
        choices=[
            (ProtectionMeasure.Decision.GRANTED, "准予"),
            (ProtectionMeasure.Decision.REJECTED, "驳回"),
        ],
    )
    decided_at = _dt_field("裁定时间")
    valid_from = forms.DateField(label="生效日期", required=False, widget=DateInput())
    valid_until = forms.DateField(label="有效期至", required=False, widget=DateInput())


class FollowUpForm(StyledForm):
    visited_on = forms.DateField(label="回访日期", initial=timezone.localdate, widget=DateInput())
    method = forms.ChoiceField(label="方式", choices=FollowUp.Method.choices)
    note = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 2}))
    next_visit_on = forms.DateField(label="下次回访日期", required=False, widget=DateInput())


class CloseForm(StyledForm):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "—"), *Case.Outcome.choices])
    satisfaction = forms.ChoiceField(label="当事人满意度", choices=[("", "—"), *Case.Satisfaction.choices])
    note = forms.CharField(label="结案说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label="重新开启理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,  # the service refuses an empty reason with its own message
    )


class AssignForm(StyledForm):
    worker = forms.ModelChoiceField(label="维权专员", queryset=None)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class BreakGlassForm(StyledForm):
    number = forms.CharField(label="案件编号", max_length=20)
    reason = forms.CharField(label="紧急调阅理由", widget=forms.Textarea(attrs={"rows": 2}))


class StatsForm(StyledForm):
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none())
    start = forms.DateField(label="起始日期", widget=DateInput())
    end = forms.DateField(label="截止日期", widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "截止日期不能早于起始日期")
        return data
