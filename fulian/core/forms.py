"""Form helpers shared by every app.

Every form of the project derives from `CleanTextMixin` (directly, through `BootstrapMixin`, or as
`CleanForm` / `CleanModelForm`): each text field's value passes `fulian.core.text.clean_text` after the
field's own cleaning, so control characters are refused with a message on the field, line breaks and tabs
are normalised, and names refuse bidirectional and zero-width characters. A test walks every form class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError

from .text import clean_text, is_name_field

if TYPE_CHECKING:  # what the mixins are mixed into, for the type checker only
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class CleanTextMixin(_FormBase):
    """Text hygiene for a form. A field is multi-line when its widget is a Textarea, and a name when its
    field name says so (`name`, `display_name`, `respondent_name` …; `name_fields` adds others).
    Passwords are left exactly as typed."""

    name_fields: tuple[str, ...] = ()

    def _clean_fields(self):
        super()._clean_fields()  # type: ignore[misc]  # private in Django, absent from the stubs
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(value, str) or not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput) or not field.strip:
                continue
            try:
                self.cleaned_data[name] = clean_text(
                    value,
                    multiline=isinstance(field.widget, forms.Textarea),
                    name=is_name_field(name) or name in self.name_fields,
                )
            except ValidationError as exc:
                self.add_error(name, exc)


class DateInput(forms.DateInput):
    """A date picker (the browser's own, year-month-day)."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format or "%Y-%m-%d")


class CleanForm(CleanTextMixin, forms.Form):
    """A plain form with the project's text hygiene."""


class CleanModelForm(CleanTextMixin, forms.ModelForm):
    """A model form with the project's text hygiene."""


class BootstrapMixin(CleanTextMixin):
    """Give widgets Bootstrap classes, and mark fields with errors as invalid.

    Forms that add or replace fields after `super().__init__()` call `self.style_widgets()` again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = (
                    self.fields[name].widget.attrs.get("class", "") + " is-invalid"
                )

    def error_text(self) -> str:
        """All errors as one Chinese sentence naming each field, for messages."""
        parts: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.append(f"{label}：{errors[0]}" if label else str(errors[0]))
        return "；".join(parts)


def post_text(data, key: str, *, label: str, multiline: bool = False, name: bool = False) -> str:
    """A text value read straight from request.POST by a view without a form, through the same
    `clean_text`; a refusal is a ValidationError naming the field (the views show it as they show a
    service's refusal)."""
    try:
        return clean_text(data.get(key, "") or "", multiline=multiline, name=name or is_name_field(key))
    except ValidationError as exc:
        raise ValidationError({key: f"{label}：{exc.messages[0]}"}) from exc


def errors_onto_form(form: forms.BaseForm, exc: ValidationError, *, default_field: str | None = None) -> None:
    """Put a service's ValidationError onto the form that called it: each message on the field it names
    when the form has that field, otherwise on `default_field` (None: the form's own, non-field errors).
    Views call services inside `try`, then this on failure and render the form again."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)
