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
        url=selectors.figure_url,      # optional: the page listing the records behind a key
    )

`figures()` returns {metric_key: value} for the unit's subtree in [start, end] (inclusive dates), or with
`group_by_child=True` {child_unit_id: {metric_key: value}}; computed by the database and already scoped and
suppressed for the user. Keys always start with the app label. Nothing here counts records itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .periods import Period

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


_SOURCES: dict[str, Source] = {}


def register_figures(
    app: str,
    figures: FiguresFn | None = None,
    *,
    meta: dict | None = None,
    label: LabelFn | None = None,
    url: UrlFn | None = None,
) -> None:
    """Register an app's figures (called once, from its AppConfig.ready()). An app that only describes
    figures another app computes may leave `figures` out."""
    entry = Source(app, figures, dict(meta or {}), label, url)
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


def collect(*, user, unit, period: Period, group_by_child: bool = False) -> dict:
    """All apps' figures for the unit and period, merged into one dict."""
    merged: dict = {}
    for src in _SOURCES.values():
        if src.figures is None:
            continue
        try:
            result = src.figures(
                user=user, unit=unit, start=period.start, end=period.end, group_by_child=group_by_child
            )
        except PermissionDenied:
            continue  # a source the user may not read for this unit contributes nothing

        if group_by_child:
            for child_id, values in result.items():
                merged.setdefault(child_id, {}).update(_namespaced(src.app, values))
        else:
            merged.update(_namespaced(src.app, result))
    return merged


def _namespaced(label: str, values: dict) -> dict:
    """Keys always start with the app label ("received" from cases becomes "cases.received")."""
    prefix = f"{label}."
    return {k if k.startswith(prefix) else prefix + k: v for k, v in values.items()}


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
    """The page listing the records behind a figure, when its app offers one."""
    src = _SOURCES.get(key.split(".", 1)[0])
    if src is None or src.url is None:
        return None
    return src.url(key, unit=unit, start=period.start, end=period.end)
