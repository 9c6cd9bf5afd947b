"""Forms for the account pages. Validation of the things that matter lives in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

from fulian.core.forms import CleanForm
from fulian.orgs.models import OrgUnit

from .policy import grantable_roles
from .selectors import membership_units_for

PASSWORD_HELP = "；".join(password_validators_help_texts())


class _PasswordPairMixin:
    def clean(self):
        data = super().clean()
        first, second = data.get(self.first_password), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的密码不一致")
        return data


class UserCreateForm(_PasswordPairMixin, CleanForm):
    first_password = "password"  # noqa: S105 — a field name
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，字母、数字或 @/./+/-/_")
    display_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20, required=False, help_text="11位手机号，可带+86")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, help_text=PASSWORD_HELP)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput)


class UserEditForm(CleanForm):
    display_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20, required=False, help_text="11位手机号，可带+86")


class SetPasswordForm(_PasswordPairMixin, CleanForm):
    first_password = "password"  # noqa: S105 — a field name
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, help_text=PASSWORD_HELP)
    password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput)


class PasswordChangeForm(_PasswordPairMixin, CleanForm):
    first_password = "new_password"  # noqa: S105 — a field name
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput, help_text=PASSWORD_HELP)
    password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput)


class TokenForm(CleanForm):
    name = forms.CharField(
        label="令牌名称", max_length=50, required=False, help_text="例如“统计脚本”，便于日后识别和撤销"
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        indent = "\u3000" * max(0, obj.depth - self.top_depth)
        return f"{indent}{obj.name}（{obj.get_level_display()}）"


class MembershipForm(CleanForm):
    unit = UnitChoiceField(label="组织", queryset=OrgUnit.objects.none(), empty_label="请选择组织")
    role = forms.ChoiceField(label="角色")

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        units = membership_units_for(manager=manager)
        unit_field: UnitChoiceField = self.fields["unit"]  # type: ignore[assignment]
        # A sliced queryset cannot be filtered again: choose by the ids of the slice.
        ids = [u.pk for u in units]
        unit_field.queryset = OrgUnit.objects.filter(pk__in=ids).order_by("path")
        unit_field.top_depth = min((u.depth for u in units), default=1)
        self.fields["role"].choices = [("", "请选择角色"), *grantable_roles(manager)]


class UserFilterForm(CleanForm):
    q = forms.CharField(
        label="查找", required=False, widget=forms.TextInput(attrs={"placeholder": "用户名、姓名或手机号"})
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("active", "正常"), ("inactive", "已停用")],
    )
