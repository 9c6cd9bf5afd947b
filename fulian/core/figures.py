"""Every figure the records can give: the contract between the ledgers and whatever arranges figures
(statistics, dashboard, plan targets, indicators, assessment auto-scores, the annual summary).

An app that counts something registers it once, in its `AppConfig.ready()`:

    from fulian.core.figures import register_figures
    from . import selectors, summary

    register_figures(
        self.label,
        selectors.figures,             # figures(*, user, unit, start, end, group_by_child=False) -> dict
        meta=summary.FIGURE_META,      # {key: (label, measure word, kind)}; kind: count, money, share
        label=summary.figure_label,    # optional: (label, measure, kind) for keys with a code inside
        records=figures.records,       # the records behind a key (fulian/core/traces.py)
    )

`figures()` returns {metric_key: value} for the unit's subtree in [start, end] (inclusive dates), or with
`group_by_child=True` {child_unit_id: {metric_key: value}}; computed by the database and already scoped and
suppressed for the user. Keys always start with the app label. Nothing here counts records itself.

`records(key, *, user, unit, start, end)` (in the app's `figures.py`) gives the rows behind a figure
(`fulian.core.traces.Trace`), listed on the page 数字来源记录 and by the API, its total equal to the figure.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .periods import Period
from .traces import RecordsFn, Trace

FiguresFn = Callable[..., dict]
LabelFn = Callable[[str], "tuple | None"]
UrlFn = Callable[..., "str | None"]


@dataclass(frozen=True)
class FigureMeta:
    key: str
    label: str
    unit: str = ""
    kind: str = "count"
    app: str = ""


@dataclass(frozen=True)
class Source:
    """What one app registered: how to compute its figures and how to name and trace them."""

    app: str
    figures: FiguresFn | None = None
    meta: dict = field(default_factory=dict)
    label: LabelFn | None = None
    url: UrlFn | None = None
    records: RecordsFn | None = None
    detail: tuple[str, ...] = ()


_SOURCES: dict[str, Source] = {}


def register_figures(
    app: str,
    figures: FiguresFn | None = None,
    *,
    meta: dict | None = None,
    label: LabelFn | None = None,
    url: UrlFn | None = None,
    records: RecordsFn | None = None,
    detail: tuple[str, ...] = (),
) -> None:
    """Register an app's figures (called once, from its AppConfig.ready()). An app that only describes
    figures another app computes may leave `figures` out.

    `detail` lists the key prefixes of figures about one event (one screening campaign, one gathering):
    the summary names them and each opens its records, but the statistics table, which has one row per
    kind of work, leaves them out (there may be hundreds in a county's year)."""
    entry = Source(app, figures, dict(meta or {}), label, url, records, tuple(detail))
    if _SOURCES.get(app, entry) != entry:
        raise ImproperlyConfigured(f"app {app!r} registers two different sets of figures")
    _SOURCES[app] = entry


def sources() -> list[Source]:
    """Every registered source, in registration (INSTALLED_APPS) order."""
    return list(_SOURCES.values())


def source(app: str) -> Source | None:
    return _SOURCES.get(app)


def source_labels() -> list[str]:
    return [s.app for s in _SOURCES.values() if s.figures is not None]


def collect(*, user, unit, period: Period, group_by_child: bool = False, apps=None, keys=None) -> dict:
    """All apps' figures for the unit and period, merged into one dict (only those of `apps`, a collection
    of app labels, when given: the summary reads last year's and the sub-units' figures for a few apps).

    `keys`, when given, names the figures the caller will read: a source whose `figures()` takes a `keys`
    argument may then skip the queries of its breakdowns (by type, programme, campaign …); it may still
    return more keys than asked, and never fewer of those asked."""
    merged: dict = {}
    for src in _SOURCES.values():
        if src.figures is None or (apps is not None and src.app not in apps):
            continue
        extra = {"keys": frozenset(keys)} if keys is not None and _takes_keys(src.figures) else {}
        try:
            result = src.figures(
                user=user,
                unit=unit,
                start=period.start,
                end=period.end,
                group_by_child=group_by_child,
                **extra,
            )
        except PermissionDenied:
            continue  # a source the user may not read for this unit contributes nothing

        if group_by_child:
            for child_id, values in result.items():
                merged.setdefault(child_id, {}).update(_namespaced(src.app, values))
        else:
            merged.update(_namespaced(src.app, result))
    return merged


@functools.cache
def _takes_keys(fn: FiguresFn) -> bool:
    return "keys" in inspect.signature(fn).parameters


def wanted(keys, *prefixes: str) -> bool:
    """For a `figures(..., keys=None)`: does the caller need any key starting with one of `prefixes`
    (always, when it named no keys)?"""
    return keys is None or any(k.startswith(prefixes) for k in keys)


def _namespaced(label: str, values: dict) -> dict:
    """Keys always start with the app label ("received" from cases becomes "cases.received")."""
    prefix = f"{label}."
    return {k if k.startswith(prefix) else prefix + k: v for k, v in values.items()}


def is_detail(key: str) -> bool:
    """Is this a figure about one event (see `register_figures(detail=...)`)?"""
    src = _SOURCES.get(key.split(".", 1)[0])
    return src is not None and bool(src.detail) and key.startswith(src.detail)


def meta(key: str) -> FigureMeta:
    """Label, measure word and kind of a figure: from the registered table, else the app's `label`
    function (for keys with a code inside, such as aid.amount.<programme>), else the key itself."""
    for src in _SOURCES.values():
        if key in src.meta:
            return FigureMeta(key, *src.meta[key], app=src.app)  # type: ignore[misc]  # (label, unit[, kind])
    app = key.split(".", 1)[0]
    owner = _SOURCES.get(app)
    if owner is not None and owner.label is not None:
        found = owner.label(key)
        if found:
            return FigureMeta(key, *found, app=app)  # type: ignore[misc]
    return FigureMeta(key, key, app=app)


def all_meta() -> dict[str, FigureMeta]:
    """Every figure with a fixed key that the apps describe (for choosing a plan item's figure)."""
    out: dict[str, FigureMeta] = {}
    for src in _SOURCES.values():
        for key, entry in src.meta.items():
            out.setdefault(key, FigureMeta(key, *entry, app=src.app))  # type: ignore[misc]
    return out


def records_url(key: str, *, unit, period: Period) -> str | None:
    """The page listing the records behind a figure: the app's own list when it registers a `url`, else
    the common page of the figure's records when it registers `records`."""
    from urllib.parse import urlencode

    from django.urls import reverse

    src = _SOURCES.get(key.split(".", 1)[0])
    if src is None:
        return None
    if src.url is not None:
        return src.url(key, unit=unit, start=period.start, end=period.end)
    if src.records is None:
        return None
    query = {"unit": unit.pk, "kind": "custom", "year": period.start.year}
    query |= {"start": f"{period.start:%Y-%m-%d}", "end": f"{period.end:%Y-%m-%d}"}
    return reverse("reports:figure_records", args=[key]) + "?" + urlencode(query)


def records(key: str, *, user, unit, period: Period) -> Trace | None:
    """The records behind a figure for this reader (scoped and masked as the figure is), or None when the
    figure's app gives none for this key."""
    src = _SOURCES.get(key.split(".", 1)[0])
    if src is None or src.records is None:
        return None
    try:
        return src.records(key, user=user, unit=unit, start=period.start, end=period.end)
    except PermissionDenied:
        return None


def value(key: str, *, user, unit, period: Period):
    """One figure, computed by its own app only (None when the app gives no such key for this reader)."""
    app = key.split(".", 1)[0]
    src = _SOURCES.get(app)
    if src is None or src.figures is None:
        return None
    try:
        result = src.figures(user=user, unit=unit, start=period.start, end=period.end)
    except PermissionDenied:
        return None
    return _namespaced(app, result).get(key)
