"""Every figure the records can give, gathered from the apps.

The contract, one function per app, in `fulian/<app>/selectors.py`:

    def figures(*, user, unit, start, end, group_by_child=False) -> dict

returns {metric_key: value} for the unit's subtree in [start, end] (inclusive dates), or with
`group_by_child=True` {child_unit_id: {metric_key: value}}; computed by the database and already scoped and
suppressed for the user. An app describes its keys in `FIGURE_META = {key: (label, measure word, kind)}`
(kind: "count", "money", "share") and keys with codes inside through `figure_label(key)`, in its
selectors or summary module. Nothing here counts records itself: reports only arrange what apps give.
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
    for label, fn, _ in _sources():
        try:
            result = fn(
                user=user, unit=unit, start=period.start, end=period.end, group_by_child=group_by_child
            )
        except PermissionDenied:
            continue  # a source the user may not read for this unit contributes nothing

        if group_by_child:
            for child_id, values in result.items():
                merged.setdefault(child_id, {}).update(_namespaced(label, values))
        else:
            merged.update(_namespaced(label, result))
    return merged


def _namespaced(label: str, values: dict) -> dict:
    """Keys always start with the app label ("received" from cases becomes "cases.received")."""
    prefix = f"{label}."
    return {k if k.startswith(prefix) else prefix + k: v for k, v in values.items()}


def meta(key: str) -> FigureMeta:
    """Label, measure word and kind of a figure: from the app's FIGURE_META, else its `figure_label()`
    (for keys with a code inside, such as aid.amount.<programme>), else the key itself."""
    for label, _, table in _sources():
        if key in table:
            return FigureMeta(key, *table[key], app=label)
    app = key.split(".", 1)[0]
    entry = _summary_meta().get(app, {}).get(key)
    if entry:
        return FigureMeta(key, *entry, app=app)
    describe = _describers().get(app)
    if describe is not None:
        found = describe(key)
        if found:
            return FigureMeta(key, *found, app=app)
    return FigureMeta(key, key, app=app)


@cache
def _describers() -> dict[str, Callable]:
    """Each app's optional `figure_label(key) -> (label, measure, kind) | None`, from its summary module."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fulian."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.summary")
        except ModuleNotFoundError:
            continue
        fn = getattr(module, "figure_label", None)
        if callable(fn):
            found[config.label] = fn
    return found


def all_meta() -> dict[str, FigureMeta]:
    """Every figure with a fixed key that the apps describe (for choosing a plan item's figure)."""
    out: dict[str, FigureMeta] = {}
    for label, _, table in _sources():
        for key, entry in table.items():
            out[key] = FigureMeta(key, *entry, app=label)
    for label, module_meta in _summary_meta().items():
        for key, entry in module_meta.items():
            out.setdefault(key, FigureMeta(key, *entry, app=label))
    return out


@cache
def _summary_meta() -> dict[str, dict]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fulian."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.summary")
        except ModuleNotFoundError:
            continue
        table = getattr(module, "FIGURE_META", None)
        if table:
            found[config.label] = dict(table)
    return found
