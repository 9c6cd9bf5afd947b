"""Read replicas: heavy read-only work goes to a PostgreSQL streaming replica, everything else to the primary.

Nothing is read from a replica unless the code asks for it: the statistics, the dashboard, summary drafting,
exports and the API's lists run inside `reading_from_replica()` (a context manager and a decorator); every
other read, and every write always, goes to the primary (`default`). Inside such a block a read still goes
to the primary when

- the user's browser session wrote something in the last `REPLICA_PIN_SECONDS` (read-your-writes: the
  middleware below pins her to the primary for that long after any POST/PUT/PATCH/DELETE);
- the block itself has written to that model already (a read after a write in the same block);
- the primary connection is inside a transaction (its uncommitted writes are not on the replica), unless
  the block says `in_transaction=True` because it reads nothing the transaction writes;
- no replica is healthy: each is checked at most every `REPLICA_CHECK_SECONDS` per process — one query
  that fails when it is down and measures its replay lag (`pg_last_xact_replay_timestamp()`), which must
  stay under `REPLICA_MAX_LAG_SECONDS`.

Used as a decorator, a block whose replica fails half-way (stopped, restarted, a query cancelled by
recovery) is run once more on the primary, provided it has written nothing. Replicas come from
`DATABASE_REPLICA_URL` (config/settings.py; docs/deploy.md).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

PIN_COOKIE = "fulian_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Seconds the replica is behind: 0 when it has replayed everything it received (an idle primary sends
# nothing, and the last replay timestamp then grows old without any lag), 0 on a server that is no replica.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def _setting(name: str, default: float) -> float:
    # settings.FULIAN holds values of every type (a number here, from the environment)
    return float(settings.FULIAN.get(name, default))  # type: ignore[arg-type]


# --- health ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    ok: bool
    lag: float | None  # seconds; None when the replica could not be asked
    reason: str = ""
    checked_at: float = 0.0  # time.monotonic()


_health: dict[str, Health] = {}
_health_lock = threading.Lock()


def measure_lag(alias: str) -> float:
    """One query on the replica: its replay lag in seconds (raises when it cannot be reached)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0] or 0)
        cursor.execute("SELECT 1")
        return 0.0


def check_replica(alias: str) -> Health:
    """Whether the replica may serve reads now: reachable, and behind by no more than the setting."""
    now = time.monotonic()
    try:
        lag = measure_lag(alias)
    except (OperationalError, InterfaceError) as exc:
        _close(alias)
        return Health(False, None, f"无法连接：{str(exc).strip()[:200]}", now)
    limit = _setting("REPLICA_MAX_LAG_SECONDS", 5)
    if lag > limit:
        return Health(False, lag, f"复制延迟 {lag:.1f} 秒，超过 {limit:g} 秒", now)
    return Health(True, lag, "", now)


def replica_health(alias: str) -> Health:
    """The replica's health, checked at most once every REPLICA_CHECK_SECONDS in this process."""
    ttl = _setting("REPLICA_CHECK_SECONDS", 5)
    known = _health.get(alias)
    if known is not None and time.monotonic() - known.checked_at < ttl:
        return known
    with _health_lock:
        known = _health.get(alias)
        if known is not None and time.monotonic() - known.checked_at < ttl:
            return known
        health = check_replica(alias)
        if (known is None and not health.ok) or (known is not None and known.ok != health.ok):
            if health.ok:
                logger.warning("只读副本 %s 可用（延迟 %.1f 秒）", alias, health.lag or 0)
            else:
                logger.warning("只读副本 %s 不可用，读取改由主库承担：%s", alias, health.reason)
        _health[alias] = health
        return health


def mark_replica_down(alias: str, reason: str) -> None:
    """A query on the replica failed: use the primary until the next check is due."""
    _close(alias)
    with _health_lock:
        _health[alias] = Health(False, None, reason, time.monotonic())
    logger.warning("只读副本 %s 查询失败，读取改由主库承担：%s", alias, reason)


def reset_health() -> None:
    """Forget every check (tests; a process that knows the replicas changed)."""
    with _health_lock:
        _health.clear()


def _close(alias: str) -> None:
    with contextlib.suppress(Exception):  # a broken connection may fail to close; it is dropped anyway
        connections[alias].close()


def healthy_replica() -> str | None:
    """A healthy replica, chosen at random among the healthy ones, or None."""
    healthy = [alias for alias in replica_aliases() if replica_health(alias).ok]
    return random.choice(healthy) if healthy else None  # load spreading, not security


# --- blocks that may read from a replica ----------------------------------------------------------------


@dataclass
class _Block:
    in_transaction: bool = False
    replica: str | None = None  # chosen at the first read, kept for the block (one consistent view)
    on_primary: bool = False  # no healthy replica, or the replica failed: the rest reads the primary
    written: set[str] = field(default_factory=set)  # models written in the block


_block: ContextVar[_Block | None] = ContextVar("fulian_replica_block", default=None)
_pinned: ContextVar[bool] = ContextVar("fulian_pinned_to_primary", default=False)


class reading_from_replica:  # a class used like a function: `with reading_from_replica():`
    """Reads inside may go to a replica (see the module docstring); writes never do.

    `with reading_from_replica():` or `@reading_from_replica()`; the decorator also runs the function once
    more on the primary when the replica fails during it and it has written nothing.
    """

    def __init__(self, *, in_transaction: bool = False):
        self.in_transaction = in_transaction
        self._tokens: list = []

    def __enter__(self) -> _Block:
        block = _Block(in_transaction=self.in_transaction)
        self._tokens.append(_block.set(block))
        return block

    def __exit__(self, *exc) -> None:
        _block.reset(self._tokens.pop())

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with reading_from_replica(in_transaction=self.in_transaction) as block:
                try:
                    return fn(*args, **kwargs)
                except (OperationalError, InterfaceError) as exc:
                    if block.replica is None or block.written:
                        raise
                    if not _usable(block.replica):
                        mark_replica_down(block.replica, str(exc).strip()[:200])
                    block.on_primary = True
                    return fn(*args, **kwargs)

        return wrapper


def _usable(alias: str) -> bool:
    try:
        return connections[alias].is_usable()
    except Exception:
        return False


class pinned_to_primary:
    """Every read inside goes to the primary, replica blocks included (read-your-writes)."""

    def __enter__(self):
        self._token = _pinned.set(True)
        return self

    def __exit__(self, *exc) -> None:
        _pinned.reset(self._token)


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads inside `reading_from_replica()` to a healthy replica, else primary."""

    def db_for_read(self, model, **hints) -> str:
        block = _block.get()
        if block is None or block.on_primary or _pinned.get() or not replica_aliases():
            return DEFAULT_DB_ALIAS
        if model._meta.label in block.written:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block and not block.in_transaction:
            return DEFAULT_DB_ALIAS
        if block.replica is None or not replica_health(block.replica).ok:
            block.replica = healthy_replica()
            if block.replica is None:
                block.on_primary = True
                return DEFAULT_DB_ALIAS
        return block.replica

    def db_for_write(self, model, **hints) -> str:
        block = _block.get()
        if block is not None:
            block.written.add(model._meta.label)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        same_data = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        if db in replica_aliases() or settings.DATABASES.get(db, {}).get("TEST", {}).get("MIRROR"):
            return False  # a replica follows the primary; nothing is ever migrated on it
        return None


class ReplicaPinMiddleware:
    """Read-your-writes across requests: after a write request, the browser carries a cookie that pins
    its next requests to the primary for REPLICA_PIN_SECONDS. Does nothing when no replica is configured."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        now = time.time()
        seconds = _setting("REPLICA_PIN_SECONDS", 10)
        try:
            until = float(request.COOKIES.get(PIN_COOKIE, 0))
        except ValueError:
            until = 0.0
        token = _pinned.set(now < until <= now + seconds)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if request.method in UNSAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                f"{now + seconds:.3f}",
                max_age=int(seconds) + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
