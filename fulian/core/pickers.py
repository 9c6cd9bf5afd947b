"""Pickers that search as you type: one widget for every form that picks a person, a volunteer or a village.

A *source* names what may be picked: the capability a user needs, the rows she may pick (a queryset built
for her through the scoping policy), how typed text narrows them and how a row reads in the list. The
form's field and the search endpoint (`core:pick`) both take their rows from the source, so the list never
offers what the form would refuse, and both go through the scoping policy.

    pickers.register("care.child", capability="care.change", rows=unpaired_children,
                     search=person_search, label=person_label)

    class PairingForm(forms.Form):
        child = PickerField("care.child", label="结对儿童")
        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            bind_pickers(self, user)

The widget is a hidden input holding the chosen key and a search box; `static/js/fulian.js` fills in the
choice when a result is clicked (no inline script). Sources are registered in each app's `pickers.py`,
imported from its AppConfig.ready().
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse

if TYPE_CHECKING:  # what the mixin is mixed into, for the type checker only
    _FormBase = forms.BaseForm
else:
    _FormBase = object

RESULTS = 20  # rows shown per search; typing more narrows them


@dataclass(frozen=True)
class Source:
    name: str
    capability: str
    rows: Callable[..., QuerySet]  # rows(user) -> the rows she may pick
    search: Callable[..., QuerySet]  # search(user=, qs=, q=) -> the rows matching the typed text
    label: Callable[[Model], str]  # how a row reads in the list and in the box once chosen
    placeholder: str = "输入姓名、拼音、首字母或身份证号后四位查找"
    params: tuple[str, ...] = ()  # narrowing arguments rows() accepts, e.g. ("within",) a unit's key


_SOURCES: dict[str, Source] = {}


def register(
    name: str,
    *,
    capability: str,
    rows: Callable[..., QuerySet],
    search: Callable[..., QuerySet],
    label: Callable[[Model], str],
    placeholder: str = Source.placeholder,
    params: tuple[str, ...] = (),
) -> None:
    _SOURCES[name] = Source(name, capability, rows, search, label, placeholder, params)


def source(name: str) -> Source:
    try:
        return _SOURCES[name]
    except KeyError as exc:
        raise LookupError(f"没有名为 {name} 的选择来源") from exc


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def rows_for(src: Source, user, params: dict) -> QuerySet:
    """The source's rows for this user, narrowed by the arguments it accepts (others are ignored)."""
    return src.rows(user, **{k: v for k, v in params.items() if k in src.params and v not in (None, "")})


def results(*, user, name: str, q: str, params: dict | None = None) -> list[tuple[str, str]]:
    """(key, label) of the first rows of the source that match the typed text, for this user."""
    src = source(name)
    qs = rows_for(src, user, params or {})
    q = q.strip()
    if q:
        # A search that takes `limit` finds just the first rows itself (people.selectors.person_search).
        extra = {"limit": RESULTS} if _takes_limit(src.search) else {}
        qs = src.search(user=user, qs=qs, q=q, **extra)
    return [(str(obj.pk), src.label(obj)) for obj in qs[:RESULTS]]


@functools.cache
def _takes_limit(fn) -> bool:
    return "limit" in inspect.signature(fn).parameters


class PickerWidget(forms.Widget):
    """A hidden input with the chosen key, and a search box that lists matches as you type (htmx)."""

    template_name = "core/widgets/picker.html"

    def __init__(self, source_name: str, attrs=None):
        super().__init__(attrs)
        self.source_name = source_name
        self.queryset: QuerySet | None = None
        self.params: dict = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        src = source(self.source_name)
        chosen = ""
        if value not in (None, "") and self.queryset is not None:
            obj = self.queryset.filter(pk=value).first() if str(value).isdigit() else None
            chosen = src.label(obj) if obj is not None else ""
        widget = context["widget"]
        widget.update(
            url=reverse("core:pick", args=[self.source_name])
            + (f"?{urlencode(self.params)}" if self.params else ""),
            chosen=chosen,
            placeholder=src.placeholder,
            invalid="is-invalid" in (widget["attrs"].get("class") or ""),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_q" if id_ else id_  # the label names the search box, where she types


class PickerField(forms.ModelChoiceField):
    """A ModelChoiceField whose rows come from a picker source and whose widget searches as you type.
    Its queryset is set by `bind_pickers(form, user)`; the widget never lists every row."""

    def __init__(self, source_name: str, **kwargs):
        self.source_name = source_name
        kwargs.setdefault("widget", PickerWidget(source_name))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "所选对象不在可选范围内（不在您的管辖范围内或不符合条件）"}
        )
        super().__init__(queryset=None, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)  # type: ignore[misc]  # Django's private setter, not in the stubs
        self.widget.queryset = self._queryset  # type: ignore[attr-defined]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def bind(self, user, **params) -> None:
        """Set the rows for this user (and the narrowing arguments, which the widget's searches repeat)."""
        self.queryset = rows_for(source(self.source_name), user, params)
        self.widget.params = {k: str(v) for k, v in params.items() if v not in (None, "")}


def bind_pickers(form: forms.BaseForm, user) -> None:
    """Give every PickerField of the form its rows for this user."""
    for field in form.fields.values():
        if isinstance(field, PickerField):
            field.bind(user)


class ForUser(_FormBase):  # a mixin: put it before CleanForm / CleanModelForm
    """A form built for one user (`Form(data, user=request.user)`): its person pickers get her rows
    (`bind_pickers`) and, when `unit_capability` is set, its `unit` field offers the units where she
    holds that capability, narrowed by `unit_filter` (e.g. {"level__lte": Level.TOWN}), in tree order
    (`unit_ordering`; the office and publicity forms keep the database's order: `()`)."""

    unit_capability: str = ""
    unit_filter: ClassVar[dict[str, Any]] = {}
    unit_ordering: ClassVar[tuple[str, ...]] = ("path",)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.unit_capability:
            from .scoping import visible
            from .tree import unit_model

            units = visible(user, unit_model(), self.unit_capability).filter(**self.unit_filter)
            field = self.fields["unit"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = units.order_by(*self.unit_ordering)
        bind_pickers(self, user)
