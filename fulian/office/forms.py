"""Web forms of the office app."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from fulian.accounts.models import User
from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser
from fulian.core.roles import Role
from fulian.core.scoping import scope_for, visible
from fulian.orgbuild.models import CadreTraining
from fulian.orgs.models import Level, OrgUnit
from fulian.people.models import Category

from .models import Direction, DocumentSeries, NoticeKind, RecipientList

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _UnitForm(ForUser, CleanForm):
    """Its `unit` field offers the active units where she may act (the database's order)."""

    unit_capability = "office.change"
    unit_filter = {"level__lte": Level.VILLAGE, "active_until__isnull": True}
    unit_ordering = ()


class SeriesForm(_UnitForm):
    unit_filter = {"level__lte": Level.TOWN, "active_until__isnull": True}
    unit = forms.ModelChoiceField(label="发文单位", queryset=OrgUnit.objects.none())
    prefix = forms.CharField(label="发文字号前缀", max_length=20, help_text="如 万妇发、竹妇发")
    name = forms.CharField(label="名称", max_length=50, required=False, help_text="如 发文、函")


class SendForm(CleanForm):
    series = forms.ModelChoiceField(label="发文字号", queryset=DocumentSeries.objects.none())
    title = forms.CharField(label="标题", max_length=200)
    dated_on = forms.DateField(label="成文日期", widget=DATE, initial=timezone.localdate)
    recipients = forms.CharField(label="主送/抄送", max_length=300, required=False)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attachment = forms.FileField(label="附件", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = visible(user, DocumentSeries, "office.change").filter(is_active=True)


class ReceiveForm(_UnitForm):
    unit = forms.ModelChoiceField(label="收文单位", queryset=OrgUnit.objects.none())
    source = forms.CharField(label="来文单位", max_length=100)
    number = forms.CharField(label="来文文号", max_length=60, required=False)
    title = forms.CharField(label="标题", max_length=200)
    dated_on = forms.DateField(label="成文日期", widget=DATE)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attachment = forms.FileField(label="附件", required=False)


class DocumentFilterForm(CleanForm):
    q = forms.CharField(label="文号、标题或单位", required=False, max_length=50)
    direction = forms.ChoiceField(
        label="收发", choices=[("", "收文和发文"), *Direction.choices], required=False
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)


def people_in_scope(user):
    paths = scope_for(user).q("office.notice_send", "memberships__unit__path")
    return (
        User.objects.filter(paths, is_active=True, memberships__is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name", "username")
    )


class _RecipientsForm(_UnitForm):
    """A sending unit and the recipients she may choose: units, people in her scope."""

    unit_capability = "office.notice_send"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = self.fields["unit"].queryset
        self.fields["people"].queryset = people_in_scope(self.user)
        self.fields["people"].label_from_instance = lambda u: u.display_name or u.username


class NoticeForm(_RecipientsForm):
    unit = forms.ModelChoiceField(label="发送单位", queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label="类别", choices=NoticeKind.choices)
    title = forms.CharField(label="标题", max_length=150)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 6}))
    units = forms.ModelMultipleChoiceField(label="接收单位", queryset=OrgUnit.objects.none(), required=False)
    subunits = forms.BooleanField(label="含下级单位", required=False, initial=True)
    roles = forms.MultipleChoiceField(
        label="接收角色", choices=Role.choices, required=False, help_text="不选则为所选单位的全部人员"
    )
    people = forms.ModelMultipleChoiceField(label="名单", queryset=User.objects.none(), required=False)
    recipient_list = forms.ModelChoiceField(
        label="常用名单",
        queryset=RecipientList.objects.none(),
        required=False,
        help_text="发送时按名单的条件确定接收人，可与上面的选择同时使用",
    )
    meeting_at = forms.DateTimeField(
        label="会议时间", widget=DATETIME, required=False, help_text="会议通知填写"
    )
    place = forms.CharField(label="会议地点", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_list"].queryset = visible(self.user, RecipientList, "office.notice_send")

    def clean(self):
        data = super().clean()
        if not (data.get("units") or data.get("roles") or data.get("people") or data.get("recipient_list")):
            self.add_error("units", "请选择接收单位、角色、名单或常用名单")
        return data


class RecipientListForm(_RecipientsForm):
    """A saved recipient list (services/lists.py)."""

    unit = forms.ModelChoiceField(label="所属单位", queryset=OrgUnit.objects.none())
    name = forms.CharField(label="名单名称", max_length=60)
    units = forms.ModelMultipleChoiceField(
        label="单位", queryset=OrgUnit.objects.none(), required=False, help_text="不选则为所属单位"
    )
    subunits = forms.BooleanField(label="含下级单位", required=False, initial=True)
    cadres = forms.BooleanField(label="所选单位的干部（按角色）", required=False, initial=True)
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, required=False, help_text="不选则为全部角色"
    )
    people = forms.ModelMultipleChoiceField(label="指定人员", queryset=User.objects.none(), required=False)
    roster = forms.BooleanField(label="妇联执委/成员名册（仅短信）", required=False)
    category = forms.ModelChoiceField(
        label="服务对象类别（仅短信）", queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True, is_sensitive=False)


class NoticeTrainingForm(CleanForm):
    """A meeting held as cadre training: create the training (hours, kind) or link one recorded already,
    or bring its list up to date (services/training.py)."""

    action = forms.ChoiceField(
        choices=[("create", "生成培训记录"), ("link", "关联已有培训"), ("sync", "同步出席名单")],
        widget=forms.HiddenInput,
    )
    hours = forms.DecimalField(
        label="学时", max_digits=6, decimal_places=1, min_value=Decimal("0.1"), required=False
    )
    kind = forms.ChoiceField(
        label="形式", choices=CadreTraining.Kind.choices, initial="meeting", required=False
    )
    training = forms.ModelChoiceField(
        label="已有的培训", queryset=CadreTraining.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = visible(user, CadreTraining, "orgbuild.change").order_by(
            "-started_on", "-id"
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == "create" and not data.get("hours"):
            self.add_error("hours", "请填写学时")
        if data.get("action") == "link" and not data.get("training"):
            self.add_error("training", "请选择要关联的培训")
        return data
