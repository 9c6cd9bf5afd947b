"""Input of the 创建 pages, the supporting files of a nomination and the family-planning records (on
core.forms, Chinese messages)."""

from __future__ import annotations

from django import forms

from fulian.core.forms import CleanForm
from fulian.core.pickers import ForUser, PickerField
from fulian.core.scoping import visible
from fulian.orgs.models import OrgUnit

from .capabilities import NOMINATE, VIEW
from .forms import DateInput, UnitAndVillageForm
from .models import Campaign, Creation, HonourKind, HonourLevel, NominationFile
from .selectors_creation import supervisor_units
from .services_creation import STEP_CHOICES


class CreationForm(UnitAndVillageForm):
    """申报创建: the title and level, the holder, and the unit it is declared to (or a 创建 round)."""

    kind = forms.ModelChoiceField(label="创建称号", queryset=HonourKind.objects.filter(active=True))
    level = forms.TypedChoiceField(label="创建级别", choices=HonourLevel.choices, coerce=int)
    campaign = forms.ModelChoiceField(
        label="创建活动（可不选）", queryset=Campaign.objects.none(), required=False
    )
    supervisor = forms.ModelChoiceField(
        label="受理命名单位", queryset=OrgUnit.objects.none(), required=False, help_text="选了创建活动可不填"
    )
    unit = forms.ModelChoiceField(label="申报单位", queryset=OrgUnit.objects.none())
    village = forms.ModelChoiceField(
        label="村(社区)（示范村等）", queryset=OrgUnit.objects.none(), required=False
    )
    person = PickerField("honours-person", label="家庭代表（家庭称号）", required=False)
    holder_name = forms.CharField(label="集体或单位名称（集体称号）", max_length=80, required=False)
    staff_total = forms.IntegerField(label="职工(成员)总数", min_value=1, required=False)
    staff_women = forms.IntegerField(label="其中女性", min_value=0, required=False)
    applied_on = forms.DateField(label="申报日期", widget=DateInput)
    plan = forms.CharField(label="创建计划和措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisor_units(self.user)
        self.fields["campaign"].queryset = visible(self.user, Campaign, NOMINATE).select_related("kind")


class CreationStepForm(CleanForm):
    step = forms.ChoiceField(label="办理环节", choices=STEP_CHOICES)
    on = forms.DateField(label="日期", widget=DateInput)
    note = forms.CharField(label="意见或理由（不予受理、不合格须填写）", max_length=300, required=False)
    next_review_on = forms.DateField(
        label="下次复查日期（命名、复查合格时）", widget=DateInput, required=False
    )
    awarding_body = forms.CharField(
        label="命名机关（命名时，不填则为受理单位妇联）", max_length=50, required=False
    )
    certificate_number = forms.CharField(label="牌匾或证书编号（命名时）", max_length=40, required=False)


class CreationFilterForm(CleanForm):
    campaign = forms.ModelChoiceField(label="创建活动", queryset=Campaign.objects.none(), required=False)
    kind = forms.ModelChoiceField(label="称号", queryset=HonourKind.objects.all(), required=False)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Creation.Status.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = (
            visible(user, Campaign, VIEW).filter(creations__isnull=False).distinct()
        )


class NominationFileForm(CleanForm):
    category = forms.ChoiceField(label="类别", choices=NominationFile.Category.choices)
    upload = forms.FileField(label="文件（事迹材料、照片、推荐表扫描件）")
    personal = forms.BooleanField(
        label="含个人信息（集体推荐时勾选；个人、家庭推荐一律按含个人信息）", required=False
    )


class FamilyPlanningForm(ForUser, CleanForm):
    person = PickerField("honours-person", label="当事人（服务对象库）")
    occurred_on = forms.DateField(label="处理决定日期", widget=DateInput)
    source = forms.CharField(label="依据来源（如 县卫生健康局处理决定书及文号）", max_length=100)
    account = forms.CharField(
        label="情况说明（加密保存）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
