"""Before/after of change-history entries, in plain Chinese, for a whole page at once.

Labels come from `fulian.core.labels` (verbose names; internal fields such as tree paths and keyed hashes
are left out); date-times are shown in local time to the second. auditlog's own `changes_display_dict`
looks up every foreign key with one query per value; here the related objects of a whole page are fetched
with one query per related model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel

from fulian.core.labels import field_label, local_datetime

ACTION_LABELS = {0: "新建", 1: "修改", 2: "删除", 3: "查看"}
EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if isinstance(field, ForeignObjectRel) else field


# str() of a related manager ("reports.SummaryParagraph.None"): auditlog's record of a relation, not a value.
_MANAGER = re.compile(r"^\w+\.\w+\.None$")


def _is_empty(value) -> bool:
    return value is None or value in ("None", "")


def _pairs(entry) -> dict:
    """auditlog stores {field: [old, new]} (old/new as strings); keep only well-formed pairs."""
    changes = entry.changes_dict or {}
    return {k: v for k, v in changes.items() if isinstance(v, list | tuple) and len(v) == 2}


def _display(field, value, related: dict) -> str:
    if _is_empty(value):
        return EMPTY
    if field is None:
        return str(value)
    if isinstance(field, models.ForeignKey):
        obj = related.get(field.related_model, {}).get(str(value))
        return str(obj) if obj is not None else f"#{value}"
    if isinstance(field, models.DateTimeField):
        return local_datetime(str(value))
    if isinstance(field, models.BooleanField):
        return "是" if str(value) in {"True", "1", "true"} else "否"
    if getattr(field, "choices", None):
        choices = {str(k): str(v) for k, v in field.flatchoices}
        return choices.get(str(value), str(value))
    return str(value)


def change_rows(entries) -> dict[int, list[ChangeRow]]:
    """{entry id: [ChangeRow…]} for the given entries, labels from the fields' verbose names."""
    wanted: dict[type, set[str]] = defaultdict(set)
    parsed = []
    for entry in entries:
        model = entry.content_type.model_class()
        pairs = _pairs(entry)
        parsed.append((entry, model, pairs))
        for name, values in pairs.items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(str(v) for v in values if not _is_empty(v))
    related = {}
    for model, pks in wanted.items():
        clean = []
        for pk in pks:
            try:
                clean.append(model._meta.pk.to_python(pk))
            except Exception:  # noqa: S112 — a stale, unparsable key is shown as it was stored
                continue
        related[model] = {str(k): v for k, v in model._default_manager.in_bulk(clean).items()}
    result = {}
    for entry, model, pairs in parsed:
        rows = []
        for name, (before, after) in pairs.items():
            label = field_label(model, name)
            if label is None or _MANAGER.match(str(after)) or _MANAGER.match(str(before)):
                continue
            field = _field(model, name)
            rows.append(ChangeRow(label, _display(field, before, related), _display(field, after, related)))
        result[entry.pk] = rows
    return result
