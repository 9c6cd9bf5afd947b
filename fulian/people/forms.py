"""Forms for the registry. Field checks live in `validation.py` and the services; forms only collect."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fulian.core.forms import CleanForm
from fulian.core.scoping import scope_for
from fulian.orgs.models import Level, OrgUnit
from fulian.orgs.selectors import unit_label, with_parent_name

from .models import Person, Relation
from .selectors import AGE_BANDS, SORTS, category_choices


def units_in_scope(user, capability: str, level: int):
    """Current (not retired) units of one level where the user holds the capability."""
    scope = scope_for(user)
    current = Q(active_until__isnull=True) | Q(active_until__gt=timezone.localdate())
    return OrgUnit.objects.filter(current, level=level).filter(scope.q(capability, "path")).order_by("path")


def groups_of(user, village_key) -> QuerySet[OrgUnit]:
    """The 村民小组 of one village that the user may register people in (none before a village is
    chosen), each with its village's name for the label."""
    key = str(village_key or "")
    if not key.isdigit():
        return OrgUnit.objects.none()
    path = OrgUnit.objects.filter(pk=key).values_list("path", flat=True).first()
    if path is None:
        return OrgUnit.objects.none()
    return with_parent_name(units_in_scope(user, "people.change", Level.GROUP).filter(path__startswith=path))


class PersonForm(CleanForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="居民身份证号", max_length=30, required=False)
    gender = forms.ChoiceField(
        label="性别", choices=[("", "由身份证号确定"), *Person.Gender.choices], required=False
    )
    birth_date = forms.DateField(
        label="出生日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="填写身份证号时可留空",
        error_messages={"invalid": "出生日期格式不正确，应为 1990-05-06"},
    )
    mobile = forms.CharField(label="手机号码", max_length=20, required=False)
    village = forms.ModelChoiceField(
        label="所属村(社区)",
        queryset=OrgUnit.objects.none(),
        empty_label="请选择",
        error_messages={
            "required": "所属村(社区)不能为空",
            "invalid_choice": "所选村(社区)不在您的管辖范围内",
        },
    )
    group = forms.ModelChoiceField(
        label="村民小组",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="（不填）",
        help_text="先选村(社区)，再从该村的村民小组中选择",
        error_messages={"invalid_choice": "所选村民小组不属于所选村(社区)，或不在您的管辖范围内"},
    )
    hukou_address = forms.CharField(label="户籍地", max_length=200, required=False)
    residence_address = forms.CharField(
        label="居住地", max_length=200, required=False, help_text="流动人口等户籍地与居住地不同时填写"
    )
    ethnicity = forms.CharField(label="民族", max_length=20, required=False, initial="汉族")
    education = forms.ChoiceField(
        label="文化程度", choices=[("", "（不填）"), *Person.Education.choices], required=False
    )
    employment = forms.ChoiceField(
        label="就业状况", choices=[("", "（不填）"), *Person.Employment.choices], required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label="人员类别", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    guardian = forms.CharField(
        label="监护人",
        required=False,
        help_text="未成年人必填：监护人的身份证号或档案编号（监护人须已登记）",
    )
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_similar = forms.BooleanField(label="已确认不是同一人", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "姓名不能为空"
        self.fields["village"].queryset = units_in_scope(user, "people.change", Level.VILLAGE)
        self.fields["group"].queryset = groups_of(user, self._chosen_village(person))
        self.fields["group"].label_from_instance = unit_label
        # Choosing a village reloads the group list with that village's groups (htmx, people:group_options).
        self.fields["village"].widget.attrs.update(
            {"hx-get": reverse("people:group_options"), "hx-target": "#id_group", "hx-trigger": "change"}
        )
        self.fields["categories"].queryset = category_choices(user, person)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.HiddenInput)):
                field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs.setdefault("data-field", name)
        if person is not None:
            del self.fields["guardian"]
            # Never put the stored ID number or mobile into the page: blank means "unchanged".
            self.fields["id_number"].help_text = (
                f"已登记：{person.id_number_masked}；留空表示不修改" if person.id_number else "未登记"
            )
            self.fields["mobile"].help_text = (
                f"已登记：{person.mobile_masked}；留空表示不修改" if person.mobile else "未登记"
            )

    def _chosen_village(self, person: Person | None):
        """The village the group list is for: the one submitted, else the person's."""
        if self.is_bound:
            return self.data.get("village") or None
        initial = self.initial.get("village")
        if initial is not None:
            return getattr(initial, "pk", initial)
        return person.village_id if person is not None else None

    def service_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("categories", "guardian", "confirm_similar")
        }
        data["gender"] = data.get("gender") or ""
        return data


class PersonFilterForm(CleanForm):
    q = forms.CharField(
        label="搜索",
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "姓名 / 拼音 / 首字母 / 身份证号 / 手机号", "type": "search"}
        ),
    )
    unit = forms.ModelChoiceField(
        label="村(社区)", queryset=OrgUnit.objects.none(), required=False, empty_label="全部"
    )
    category = forms.ModelChoiceField(label="类别", queryset=None, required=False, empty_label="全部")
    age_band = forms.ChoiceField(
        label="年龄段", required=False, choices=[("", "全部"), *((k, v[0]) for k, v in AGE_BANDS.items())]
    )
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "全部"), *Person.Gender.choices])
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        self.fields["unit"].queryset = (
            OrgUnit.objects.filter(level__in=[Level.TOWN, Level.VILLAGE])
            .filter(scope.q("people.view", "path"))
            .order_by("path")
        )
        self.fields["category"].queryset = category_choices(user)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class RelationForm(CleanForm):
    kind = forms.ChoiceField(label="关系", choices=Relation.Kind.choices)
    relative = forms.CharField(label="亲属", help_text="亲属的身份证号或档案编号（须已登记）")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].error_messages["required"] = "请填写亲属的身份证号或档案编号"
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class MergeForm(CleanForm):
    keep = forms.IntegerField(label="保留的记录（档案编号）", min_value=1)
    drop = forms.IntegerField(label="并入的记录（档案编号）", min_value=1)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].error_messages["required"] = "请填写保留的记录编号"
        self.fields["drop"].error_messages["required"] = "请填写并入的记录编号"
        for name in ("keep", "drop"):
            self.fields[name].widget.attrs["class"] = "form-control"
