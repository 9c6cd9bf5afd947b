"""The statistics page and the dashboard show figures a task worker computed, not figures computed in the
request (a county's table reads every ledger three times: seconds of a web thread under load).

A snapshot (`StatsSnapshot`) is the statistics table of one unit and period for one *audience*: a digest of
the memberships (role and unit) of the user it was computed for, and whether she is a superuser. Every
figure depends on the user only through her scope (`fulian.core.scoping.Scope`, built from exactly those
memberships), so two users with the same digest see the same figures, and a user never sees a snapshot
computed for another scope. The page checks `reports.view` on the unit first, as before.

Freshness: a snapshot is fresh while it is at most `STATS_SNAPSHOT_MINUTES` old (settings.FULIAN, default
10; `computed_at` is when its reads began). Opening the page with a stale or missing snapshot queues one
computation and shows the stale figures meanwhile, with "数据截至 …" and a note that newer ones are being
computed (the page polls and reloads when they are ready); "刷新" queues one at once, fresh or not.

One job per snapshot: a computation is queued only by the single UPDATE that moves the row to `pending`, so
two requests (two servers, a double click) queue it once. The task takes the row with a heartbeat
(fulian.core.jobs); a worker killed meanwhile leaves a `pending` row whose heartbeat (or, if it never
started, whose request) is older than JOB_TIMEOUT_SECONDS: `fail_stale` (run by the page and by
`manage.py jobs_cleanup`) marks it failed with the timeout message, the old figures stay shown, and the
next "刷新" — or the first visit once the failure is older than the freshness window — queues it again.

The records behind each figure are computed live (the figure and records pages): a figure of the snapshot
may differ from them by what was recorded since `computed_at`, which the page says.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fulian.core import jobs
from fulian.core.periods import Period
from fulian.core.replicas import reading_from_replica
from fulian.core.scoping import can, require, scope_for

from .models import SnapshotStatus, StatsSnapshot
from .stats_table import stats_table

CAPABILITY = "reports.view"
KEEP_DAYS = 30  # the clean-up deletes snapshots nobody asked for in this long


class SnapshotLost(Exception):
    """The snapshot stopped being this job's (failed by the timeout meanwhile)."""


class ScopeChanged(Exception):
    pass


@dataclass(frozen=True)
class Child:
    """A sub-unit as the snapshot remembers it (the table's columns)."""

    pk: int
    name: str


def max_age() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "FULIAN", {}).get("STATS_SNAPSHOT_MINUTES", 10)))


def audience(user) -> str:
    """A digest of everything the user's scope is built from (fulian.core.scoping.Scope)."""
    scope = scope_for(user)
    parts = ["superuser" if scope.is_superuser else "user"]
    parts += sorted(
        f"{m.role}@{m.unit.path}@{'active' if m.unit.active_until is None else 'closed'}"
        for m in scope.memberships
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_fresh(snapshot: StatsSnapshot, now=None) -> bool:
    """Computed at most `max_age()` ago (the boundary itself is fresh)."""
    if snapshot.computed_at is None:
        return False
    return (now or timezone.now()) - snapshot.computed_at <= max_age()


def snapshot_for(*, user, unit, period: Period, refresh: bool = False) -> StatsSnapshot:
    """The user's snapshot of the unit and period; queues its computation when it is missing or stale (or
    when `refresh`), unless one is already queued or running. A fresh snapshot costs one read and no write
    (the pages are opened far more often than their figures change)."""
    require(user, CAPABILITY, unit)
    snapshot, _ = StatsSnapshot.objects.get_or_create(
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        period_kind=period.kind,
        audience=audience(user),
    )
    if snapshot.status == SnapshotStatus.PENDING and fail_stale()["failed"]:
        snapshot.refresh_from_db()
    now = timezone.now()
    if snapshot.status == SnapshotStatus.PENDING or not (refresh or is_due(snapshot, now)):
        return snapshot
    if refresh:
        due = ~Q(status=SnapshotStatus.PENDING)
    else:
        cut = now - max_age()
        due = (
            Q(status=SnapshotStatus.EMPTY)
            | Q(status=SnapshotStatus.READY, computed_at__lt=cut)
            | Q(status=SnapshotStatus.FAILED, requested_at__lt=cut)
        )
    queue = {"status": SnapshotStatus.PENDING, "requested_by": user, "requested_at": now}
    with transaction.atomic():  # the row is "计算中" exactly when its task row exists (the queue's table)
        rows = StatsSnapshot.objects.filter(due, pk=snapshot.pk).exclude(status=SnapshotStatus.PENDING)
        if rows.update(**queue, heartbeat_at=None, error=""):
            from .tasks import stats_snapshot_task

            stats_snapshot_task.enqueue(snapshot.pk, user.pk)
    snapshot.refresh_from_db()
    return snapshot


def is_due(snapshot: StatsSnapshot, now) -> bool:
    """Whether a visit queues a computation: never computed, stale, or failed longer ago than the freshness
    window (the queuing UPDATE's test, which decides when two visits race)."""
    cut = now - max_age()
    if snapshot.status == SnapshotStatus.EMPTY:
        return True
    if snapshot.status == SnapshotStatus.READY:
        return snapshot.computed_at is not None and snapshot.computed_at < cut
    if snapshot.status == SnapshotStatus.FAILED:
        return snapshot.requested_at is not None and snapshot.requested_at < cut
    return False


def compute(*, snapshot_id: int, user_id: int) -> None:
    """The task's body: take the queued snapshot with a heartbeat, compute the table as the user who asked
    (her scope must still be the snapshot's), write it; on failure the row says why and keeps its figures."""
    from django.contrib.auth import get_user_model

    fail_stale()
    started = timezone.now()
    taken = StatsSnapshot.objects.filter(
        pk=snapshot_id, status=SnapshotStatus.PENDING, heartbeat_at__isnull=True
    ).update(heartbeat_at=started)
    if not taken:
        return  # computed, failed or taken by another worker meanwhile
    running = StatsSnapshot.objects.filter(pk=snapshot_id, status=SnapshotStatus.PENDING)
    try:
        snapshot = StatsSnapshot.objects.select_related("unit").get(pk=snapshot_id)
        user = get_user_model().objects.get(pk=user_id)
        if audience(user) != snapshot.audience or not can(user, CAPABILITY, snapshot.unit):
            raise ScopeChanged("请求统计的用户权限已变更，请重新打开本页")
        period = Period(snapshot.period_start, snapshot.period_end, snapshot.period_kind)
        # the table reads only the ledgers, never this row: the replica serves it even when the job runs
        # inside a transaction (a task backend that runs jobs in the request, as the tests' does)
        with jobs.Heartbeat(running), reading_from_replica(in_transaction=True):
            table = stats_table(user, snapshot.unit, period)
        data = {
            "rows": table["rows"],
            "children": [{"pk": c.pk, "name": c.name} for c in table["children"]],
            "version": secrets.token_hex(8),  # names this computation (the page's rendered-table cache)
        }
        if not running.update(
            status=SnapshotStatus.READY, data=data, computed_at=started, heartbeat_at=None, error=""
        ):
            raise SnapshotLost
    except SnapshotLost:
        return
    except Exception as exc:
        running.update(status=SnapshotStatus.FAILED, error=f"统计失败：{exc}"[:500], heartbeat_at=None)
        raise


def table_of(snapshot: StatsSnapshot) -> dict | None:
    """The snapshot's table as the pages and the export read it (sub-units as `Child`), or None."""
    if not snapshot.data:
        return None
    return {
        "rows": snapshot.data["rows"],
        "children": [Child(c["pk"], c["name"]) for c in snapshot.data["children"]],
    }


def fail_stale() -> dict[str, int]:
    """Fail the computations whose worker stopped beating, or that no worker took up within the timeout."""
    cut = jobs.stale_before()
    failed = (
        StatsSnapshot.objects.filter(status=SnapshotStatus.PENDING)
        .filter(Q(heartbeat_at__lt=cut) | Q(heartbeat_at__isnull=True, requested_at__lt=cut))
        .update(status=SnapshotStatus.FAILED, error=jobs.timeout_message("刷新数据"), heartbeat_at=None)
    )
    return {"failed": failed}


def clean_up() -> dict[str, int]:
    """`manage.py jobs_cleanup`: fail dead computations; delete snapshots nobody asked for in KEEP_DAYS."""
    done = fail_stale()
    old = timezone.now() - timedelta(days=KEEP_DAYS)
    done["deleted"] = (
        StatsSnapshot.objects.exclude(status=SnapshotStatus.PENDING).filter(requested_at__lt=old).delete()[0]
    )
    return done
