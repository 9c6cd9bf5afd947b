"""What the home page (and a unit's sub-unit table) counts, and its feed of recent activity.

Apps extend both from AppConfig.ready():

    from fulian.core.dashboard import count_by_subunit, register_stat

    def people_per_unit(user, units):
        return count_by_subunit(visible(user, Person, "people.view"), "village__path", units)

    register_stat("people", "服务对象", people_per_unit, capability="people.view")

A stat function receives the user and the sub-units (a queryset or list of OrgUnit) and returns
{unit_id: count} for all of them at once, computed by the database: one query per stat, never one per unit.
A feed function receives the user and a limit and returns FeedItem rows, newest first. An item marked
`pinned` (something waiting for the reader, e.g. an unread notice) is shown above the rest, whatever its age.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from .labels import field_label, model_label
from .scoping import scope_for

StatFn = Callable[[object, Iterable], dict[int, int]]


@dataclass(frozen=True)
class Stat:
    key: str
    label: str
    fn: StatFn
    capability: str = ""
    order: int = 100


@dataclass(frozen=True)
class FeedItem:
    when: datetime.datetime
    who: str
    text: str
    url: str = ""
    pinned: bool = False  # waits for the reader: shown first (置顶), newest first among the pinned


FeedFn = Callable[[object, int], list[FeedItem]]

_STATS: dict[str, Stat] = {}
_FEEDS: list[FeedFn] = []


def register_stat(key: str, label: str, fn: StatFn, *, capability: str = "", order: int = 100) -> None:
    """Add (or replace) a per-sub-unit count; shown only to users whose roles grant `capability`."""
    _STATS[key] = Stat(key, label, fn, capability, order)


def register_feed(fn: FeedFn) -> None:
    """Add a source of recent-activity items."""
    if fn not in _FEEDS:
        _FEEDS.append(fn)


def stats_for(user) -> list[Stat]:
    scope = scope_for(user)
    return sorted(
        (s for s in _STATS.values() if not s.capability or scope.has(s.capability)),
        key=lambda s: (s.order, s.key),
    )


def count_by_subunit(qs: QuerySet, path_field: str, units: Iterable) -> dict[int, int]:
    """Count rows of `qs` under each unit, grouping by the prefix of `path_field` in the database.

    Sub-units of one depth share one path length, so a single GROUP BY over the path prefix counts all of
    them; units of several depths cost one query per depth (in practice one).
    """
    units = list(units)
    by_len: dict[int, dict[str, int]] = {}
    for u in units:
        by_len.setdefault(len(u.path), {})[u.path] = u.pk
    result = dict.fromkeys((u.pk for u in units), 0)
    for length, ids in by_len.items():
        prefix_q = Q()
        for p in ids:
            prefix_q |= Q(**{f"{path_field}__startswith": p})
        rows = (
            qs.filter(prefix_q)
            .annotate(_prefix=Substr(path_field, 1, length))
            .values("_prefix")
            .annotate(_n=Count("pk"))
            .order_by()
        )
        for row in rows:
            if row["_prefix"] in ids:
                result[ids[row["_prefix"]]] = row["_n"]
    return result


def compute_stats(user, units: Iterable) -> tuple[list[Stat], dict[int, dict[str, int]]]:
    """All visible stats for the units: (stats, {unit_id: {key: count}})."""
    units = list(units)
    stats = stats_for(user)
    table: dict[int, dict[str, int]] = {u.pk: {} for u in units}
    if not units:
        return stats, table
    for stat in stats:
        counts = stat.fn(user, units)
        for u in units:
            table[u.pk][stat.key] = counts.get(u.pk, 0)
    return stats, table


def feed_for(user, limit: int = 10) -> list[FeedItem]:
    """Recent activity from every registered source: pinned items first, then the rest, each newest first."""
    items: list[FeedItem] = []
    for fn in _FEEDS:
        items.extend(fn(user, limit))
    items.sort(key=lambda i: (i.pinned, i.when), reverse=True)
    return items[:limit]


# --- the built-in feed: change history from django-auditlog ---------------------------------------

_ACTION_WORDS = {0: "新增", 1: "修改", 2: "删除", 3: "查看"}


def _entry_item(entry) -> FeedItem:
    model = entry.content_type.model_class() if entry.content_type_id else None
    noun = model_label(model)
    fields = ""
    if entry.action == 1 and model is not None and isinstance(entry.changes, dict):
        names = [label for key in entry.changes if (label := field_label(model, key)) is not None]
        fields = f"（{'、'.join(names[:4])}）" if names else ""
    who = (getattr(entry.actor, "display_name", "") or str(entry.actor)) if entry.actor_id else "系统"
    url = ""
    if model is not None and model._meta.label == "orgs.OrgUnit" and entry.action != 2 and entry.object_id:
        from django.urls import reverse

        url = reverse("orgs:unit", args=[entry.object_id])
    text = f"{_ACTION_WORDS.get(entry.action, '变更')}{noun}“{entry.object_repr}”{fields}"
    return FeedItem(when=entry.timestamp, who=who, text=text, url=url)


def _scoped_log_q(user) -> Q | None:
    """Entries about records the user may audit: one OR-ed filter over every audited, scoped model."""
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import ImproperlyConfigured

    from .scoping import visible

    if scope_for(user).is_superuser:
        return Q()
    q = Q(pk__in=[])
    models = auditlog.get_models()
    for model, ct in ContentType.objects.get_for_models(*models).items():
        try:
            ids = visible(user, model, "audit.view").values("pk")
        except ImproperlyConfigured:  # not scoped to the tree (e.g. users): only admins see those
            continue
        q |= Q(content_type=ct, object_id__in=ids)
    return q


def audit_feed(user, limit: int) -> list[FeedItem]:
    """The user's own recent changes, and, for auditors, recent changes by others within her scope."""
    from auditlog.models import LogEntry

    base = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    cond = Q(actor=user)
    if scope_for(user).has("audit.view"):
        scoped = _scoped_log_q(user)
        if scoped is not None:
            cond |= scoped
    return [_entry_item(e) for e in base.filter(cond)[:limit]]


register_feed(audit_feed)
