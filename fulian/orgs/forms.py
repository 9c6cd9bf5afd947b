"""Forms of the org pages. Messages in Chinese, naming the field."""

from __future__ import annotations

import re

from django import forms

from fulian.core.forms import BootstrapMixin, DateInput

from .models import FederationMember, OrgUnit, Position

PHONE_RE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")


class FederationMemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    position = forms.ChoiceField(
        label="职务",
        choices=Position.choices,
        error_messages={"required": "请选择职务", "invalid_choice": "请选择有效的职务"},
    )
    term_start = forms.DateField(
        label="任期开始",
        widget=DateInput(),
        error_messages={"required": "请填写任期开始日期", "invalid": "任期开始日期格式不正确"},
    )
    term_end = forms.DateField(
        label="任期结束",
        required=False,
        widget=DateInput(),
        help_text="在任可不填",
        error_messages={"invalid": "任期结束日期格式不正确"},
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    workplace = forms.CharField(label="工作单位及职务", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写姓名")
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip().replace(" ", "")
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError("联系电话格式不正确：手机号为 11 位（1 开头），座机如 0818-1234567")
        return phone

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "任期结束不能早于任期开始")
        return data

    @classmethod
    def for_member(cls, member: FederationMember, data=None) -> FederationMemberForm:
        initial = {f: getattr(member, f) for f in cls.base_fields}
        return cls(data=data, initial=initial)


class TermEndForm(BootstrapMixin, forms.Form):
    term_end = forms.DateField(
        label="任期结束日期",
        widget=DateInput(),
        error_messages={"required": "请填写任期结束日期", "invalid": "任期结束日期格式不正确"},
    )

    def __init__(self, *args, member: FederationMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_term_end(self):
        end = self.cleaned_data["term_end"]
        if end < self.member.term_start:
            raise forms.ValidationError(f"任期结束不能早于任期开始（{self.member.term_start:%Y-%m-%d}）")
        return end


class ZoneForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="片区名称", max_length=50, error_messages={"required": "请填写片区名称"})
    note = forms.CharField(label="备注", max_length=200, required=False)
    villages = forms.ModelMultipleChoiceField(
        label="所辖村/社区",
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "“%(value)s”不是本乡镇的村/社区",
            "invalid_pk_value": "无效的村/社区",
        },
    )

    def __init__(self, *args, villages_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = villages_qs
        self.fields["villages"].label_from_instance = self._label

    @staticmethod
    def _label(village: OrgUnit) -> str:
        return f"{village.name}（现属{village.zone.name}）" if village.zone_id else village.name

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写片区名称")
        return name


class ZoneDeleteForm(BootstrapMixin, forms.Form):
    unassign = forms.BooleanField(label="将本片区的村/社区移出片区后删除", required=False)
