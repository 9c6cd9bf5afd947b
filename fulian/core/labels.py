"""Plain Chinese names for models and fields, for the change history and the home page's feed.

A field's label is its verbose name when that is Chinese; a foreign key without one is named after the
model it points to (作业 → 审核记录表); bookkeeping fields (created_by, submitted_at …) have common names
below. Internal fields (tree paths, keyed hashes, pinyin keys, tokens) are not shown at all: None.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.dateparse import parse_datetime

_CHINESE = re.compile(r"[\u4e00-\u9fff]")

INTERNAL = frozenset({"path", "depth", "numchild", "token", "id_number_hash", "id_number_tail", "key"})
INTERNAL_SUFFIXES = ("_path", "_hash", "_pinyin", "_initials", "_strokes")

COMMON = {
    "created_by": "创建人",
    "created_at": "创建时间",
    "updated_at": "更新时间",
    "uploaded_by": "上传人",
    "uploaded_at": "上传时间",
    "submitted_at": "提交时间",
    "locked_at": "锁定时间",
    "scored_by": "评分人",
    "scored_at": "评分时间",
    "filed_by": "提出人",
    "filed_at": "提出时间",
    "decided_by": "决定人",
    "decided_at": "决定时间",
    "resolved_by": "处理人",
    "visited_by": "回访人",
    "superseded_by": "被替代为",
    "choices": "所选项",
    "rating": "评分",
    "text": "文字回答",
}


def model_label(model) -> str:
    return str(model._meta.verbose_name) if model is not None else "记录"


def field_label(model, name: str) -> str | None:
    """The Chinese label of a model's field as the change history shows it; None for internal fields and
    for names that are not fields (reverse relations, fields since removed are shown by name)."""
    if name in INTERNAL or name.endswith(INTERNAL_SUFFIXES):
        return None
    field = _field(model, name)
    if field is None:
        if model is not None and _is_relation_name(model, name):
            return None
        return COMMON.get(name, name)
    verbose = str(field.verbose_name)
    if _CHINESE.search(verbose):
        return verbose
    if name in COMMON:
        return COMMON[name]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return model_label(field.related_model)
    return verbose


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if isinstance(field, ForeignObjectRel) else field


def _is_relation_name(model, name: str) -> bool:
    try:
        return isinstance(model._meta.get_field(name), ForeignObjectRel)
    except FieldDoesNotExist:
        return False


def local_datetime(value: str) -> str:
    """A stored date-time (often UTC with microseconds) as local time to the second; other text as is."""
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        return str(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.timezone.utc)
    return timezone.localtime(parsed).strftime("%Y-%m-%d %H:%M:%S")
