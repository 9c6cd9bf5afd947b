"""Every figure the records can give, gathered from the apps.

The contract, one function per app, in `fulian/<app>/selectors.py`:

    def figures(*, user, unit, start, end, group_by_child=False) -> dict

returns {metric_key: value} for the unit's subtree in [start, end] (inclusive dates), or with
`group_by_child=True` {child_unit_id: {metric_key: value}}; computed by the database and already scoped and
suppressed for the user. An app may describe its keys in `FIGURE_META = {key: (label, measure word, kind)}`
(kind: "count", "money", "share"). Nothing here counts records itself: reports only arrange what apps give.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import PermissionDenied

from .periods import Period


@dataclass(frozen=True)
class FigureMeta:
    key: str
    label: str
    unit: str = ""
    kind: str = "count"
    app: str = ""


@cache
def _sources() -> tuple[tuple[str, Callable, dict], ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fulian.") or config.label == "reports":
            continue
        try:
            module = importlib.import_module(f"{config.name}.selectors")
        except ModuleNotFoundError:
            continue
        fn = getattr(module, "figures", None)
        if callable(fn):
            found.append((config.label, fn, dict(getattr(module, "FIGURE_META", {}))))
    return tuple(found)


def source_labels() -> list[str]:
    return [label for label, _, _ in _sources()]


def collect(*, user, unit, period: Period, group_by_child: bool = False) -> dict:
    """All apps' figures for the unit and period, merged into one dict."""
    merged: dict = {}
    for _, fn, _ in _sources():
        try:
            result = fn(
                user=user, unit=unit, start=period.start, end=period.end, group_by_child=group_by_child
            )
        except PermissionDenied:
            continue  # a source the user may not read for this unit contributes nothing

        if group_by_child:
            for child_id, values in result.items():
                merged.setdefault(child_id, {}).update(values)
        else:
            merged.update(result)
    return merged


def meta(key: str) -> FigureMeta:
    for label, _, table in _sources():
        if key in table:
            entry = table[key]
            return FigureMeta(key, *entry, app=label)
    return FigureMeta(key, key)


def all_meta() -> dict[str, FigureMeta]:
    out: dict[str, FigureMeta] = {}
    for label, _, table in _sources():
        for key, entry in table.items():
            out[key] = FigureMeta(key, *entry, app=label)
    return out
