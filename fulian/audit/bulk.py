"""One change-history entry for a bulk write (an import, a regenerated summary), so that the history
answers "who put this here" for rows that were not saved one by one.

The entry is a django-auditlog LogEntry on the job's own row (an ImportJob, a SummaryDraft): its actor is
the user who started the job, its text names the job and how many rows of which model it wrote, and
`additional_data` keeps the written primary keys as runs ([first, last] pairs: an import of 200,000 rows
usually keeps one run), which `bulk_writes_covering(obj)` searches.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def add_runs(runs: list[list[int]], keys: Iterable[int]) -> int:
    """Append keys to `runs` ([first, last] pairs of consecutive integers, the form the entry keeps);
    returns how many keys there were."""
    n = 0
    for key in keys:
        n += 1
        if runs and key == runs[-1][1] + 1:
            runs[-1][1] = key
        else:
            runs.append([key, key])
    return n


def runs(keys: Iterable[int]) -> list[list[int]]:
    found: list[list[int]] = []
    add_runs(found, sorted(keys))
    return found


def _runs_text(keys: list[list[int]], limit: int = 5) -> str:
    shown = [f"{a}" if a == b else f"{a}–{b}" for a, b in keys[:limit]]
    more = f" 等 {len(keys)} 段" if len(keys) > limit else ""
    return "、".join(shown) + more


def bulk_write_record(
    *, actor, job, what: str, model, keys: list[list[int]], count: int, action: int = LogEntry.Action.CREATE,
    detail: dict[str, str] | None = None,
) -> LogEntry:  # fmt: skip
    """Write the entry (call it inside the transaction that wrote the rows)."""
    label = model._meta.label_lower if model is not None else ""
    name = str(model._meta.verbose_name) if model is not None else "记录"
    changes = {"批量写入": [None, f"{name} {count:,} 条"]}
    if keys:
        changes["记录编号"] = [None, _runs_text(keys)]
    changes.update({k: [None, v] for k, v in (detail or {}).items()})
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(job)),
        object_pk=str(job.pk),
        object_id=job.pk,
        object_repr=f"{what}（写入 {count:,} 条{name}）"[:1000],
        action=action,
        changes=changes,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data={
            "bulk": True,
            "job": f"{type(job)._meta.label_lower}:{job.pk}",
            "model": label,
            "count": count,
            "keys": keys,
        },
    )


def bulk_writes_covering(obj) -> list[LogEntry]:
    """The bulk-write entries whose written rows include `obj`, newest first."""
    label = obj._meta.label_lower
    entries = LogEntry.objects.filter(
        additional_data__bulk=True, additional_data__model=label
    ).select_related("actor")
    return [
        e
        for e in entries.order_by("-timestamp", "-id")
        if any(a <= obj.pk <= b for a, b in (e.additional_data or {}).get("keys", []))
    ]
