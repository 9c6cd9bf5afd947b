"""Web forms of the SMS platform."""

from __future__ import annotations

from django import forms

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser
from fulian.core.roles import Role
from fulian.orgs.models import Level
from fulian.people.models import Category

from . import selectors
from .models import Message

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _UnitForm(ForUser, CleanForm):
    """Its `unit` field offers the units (up to villages) where she may send (the database's order)."""

    unit_capability = "sms.send"
    unit_filter = {"level__lte": Level.VILLAGE}
    unit_ordering = ()


def parse_variables(value: str) -> dict[str, str]:
    """ "时间=6月20日上午9点" per line → {"时间": "6月20日上午9点"}; a line without "=" is named."""
    out: dict[str, str] = {}
    for number, line in enumerate((value or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, sep, val = line.replace("＝", "=").partition("=")
        if not sep or not name.strip():
            raise forms.ValidationError(
                f"第{number}行“{line}”：请写成“变量名=内容”，例如“时间=6月20日上午9点”"
            )
        out[name.strip().strip("{}")] = val.strip()
    return out


class ComposeForm(_UnitForm):
    unit = forms.ModelChoiceField(label="发送单位", queryset=None)
    template = forms.ModelChoiceField(label="模板（可选）", queryset=None, required=False)
    sign_name = forms.CharField(
        label="短信签名", max_length=20, help_text="短信服务商审核通过的签名，不含【】"
    )
    template_code = forms.CharField(label="网关模板编号", max_length=40, required=False)
    text = forms.CharField(
        label="短信内容", widget=forms.Textarea(attrs={"rows": 4}), help_text="{姓名} 会换成每位接收人的姓名"
    )
    variables = forms.CharField(
        label="变量值",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="每行一个，如 时间=6月20日",
    )
    audience = forms.ChoiceField(label="发送对象", choices=Message.Audience.choices)
    roles = forms.MultipleChoiceField(
        label="角色（发给干部时）",
        choices=[
            (r.value, r.label)
            for r in (Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR, Role.COMMITTEE_MEMBER)
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.ModelChoiceField(label="人员类别（发给服务对象时）", queryset=None, required=False)
    saved_list = forms.ModelChoiceField(label="名单（发给名单时）", queryset=None, required=False)
    recipient_list = forms.ModelChoiceField(
        label="常用名单（发给常用名单时）",
        queryset=None,
        required=False,
        help_text="在“通知 → 常用名单”中保存；发送时按名单的条件确定接收人",
    )
    quiet_start = forms.TimeField(label="免打扰开始", initial="21:00", widget=TIME)
    quiet_end = forms.TimeField(label="免打扰结束", initial="08:00", widget=TIME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = selectors.template_list_visible_to(
            user=self.user, capability="sms.send"
        )
        self.fields["category"].queryset = Category.objects.filter(is_active=True, is_sensitive=False)
        self.fields["saved_list"].queryset = selectors.saved_list_visible_to(
            user=self.user, capability="sms.send"
        )
        self.fields["recipient_list"].queryset = selectors.recipient_lists_for(user=self.user)

    def clean_variables(self) -> dict[str, str]:
        return parse_variables(self.cleaned_data.get("variables", ""))


class SendForm(CleanForm):
    scheduled_at = forms.DateTimeField(
        label="定时发送（不填则立即发送）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class TemplateForm(_UnitForm):
    unit = forms.ModelChoiceField(label="所属组织", queryset=None)
    name = forms.CharField(label="模板名称", max_length=60)
    sign_name = forms.CharField(label="短信签名", max_length=20)
    template_code = forms.CharField(label="网关模板编号", max_length=40)
    text = forms.CharField(label="模板内容", widget=forms.Textarea(attrs={"rows": 4}))


class SavedListForm(_UnitForm):
    unit = forms.ModelChoiceField(label="所属组织", queryset=None)
    name = forms.CharField(label="名单名称", max_length=60)
    entries = forms.CharField(
        label="名单", widget=forms.Textarea(attrs={"rows": 8}), help_text="每行一人：姓名,手机号"
    )


class OptOutForm(CleanForm):
    phone = forms.CharField(label="手机号码", max_length=20)
