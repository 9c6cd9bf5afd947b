"""The statistics table (every app's figures for a unit and period, last year's, and each sub-unit's):
what the statistics page, its Excel export, the dashboard and the figure page show. The task worker
computes it into a snapshot for the pages (fulian/reports/snapshots.py); the figure page computes it live."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fulian.core.figures import all_meta, collect, is_detail, meta, source_labels
from fulian.core.periods import Period


def stats_table(user, unit, period: Period, *, only: str | None = None) -> dict:
    """Figures for the unit, last year's, and each sub-unit's — three calls per source, whatever the size.

    Figures about one event (a screening campaign, a gathering) are the summary's, not rows here; `only`
    asks for that one figure's row only (the figure page, which the summary's figures link to).
    Rows come area by area (in the order of the apps), and within an area in the order the app declares
    its figures (then by key): the same order on every page and in every export. Sub-units in tree order."""
    children = list(type(unit).objects.get_children(unit).filter(active_until__isnull=True).order_by("path"))
    now = collect(user=user, unit=unit, period=period)
    before = collect(user=user, unit=unit, period=period.previous_year())
    by_child = collect(user=user, unit=unit, period=period, group_by_child=True) if children else {}
    rows = []
    found = set(now) | set(before)
    keys = {only} & found if only is not None else {k for k in found if not is_detail(k)}
    for key in sorted(keys, key=row_order()):
        m = meta(key)
        value: Any = now.get(key)
        prev: Any = before.get(key)
        change = value - prev if is_number(value) and is_number(prev) else None
        rows.append(
            {
                "key": key,
                "label": m.label,
                "unit": m.unit,
                "kind": m.kind,
                "area": area_name(m.app),
                "value": value,
                "previous": prev,
                "change": change,
                "children": [by_child.get(c.pk, {}).get(key, 0) for c in children],
            }
        )
    return {"rows": rows, "children": children}


def row_order():
    """Sort key for figure rows: the app's place among the sources, the figure's place in its app's
    declaration, then the key (for figures named by code, such as aid.amount.<programme>)."""
    apps_order = {label: i for i, label in enumerate(source_labels())}
    declared = {key: i for i, key in enumerate(all_meta())}

    def order(key: str):
        app = key.split(".", 1)[0]
        return (apps_order.get(app, len(apps_order)), declared.get(key, len(declared)), key)

    return order


def area_name(app_label: str) -> str:
    from django.apps import apps

    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
