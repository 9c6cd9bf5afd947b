"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms


class BootstrapMixin:
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
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.append(f"{label}：{errors[0]}" if label else errors[0])
        return "；".join(parts)
