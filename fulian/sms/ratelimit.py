"""The rate limit per gateway, shared by every worker process (docs/sms.md).

A token bucket kept in the database (`models.RateBucket`, one row per gateway): each send takes one token
in a short transaction that locks the gateway's row — `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the
transaction itself is `BEGIN IMMEDIATE` (config/settings.py `transaction_mode`), one writer at a time.
The bucket refills at `SMS["RATE_PER_SECOND"]` up to `SMS["RATE_BURST"]` tokens (1 by default: sends are
spaced evenly); a taker that finds it empty still takes its token — the bucket goes into debt — and sleeps
until its turn, so the takers queue up in the order they came and the gateway sees at most the rate plus
the burst in any second, however many processes send.

Time is the database's clock (`clock_timestamp()` / `julianday('now')`), the one clock every worker
shares; the processes' own clocks may differ (and the test suite runs on a set one).
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from .models import RateBucket


def db_now() -> float:
    """Seconds since the epoch by the database's clock."""
    sql = (
        "SELECT EXTRACT(EPOCH FROM clock_timestamp())"
        if connection.vendor == "postgresql"
        else "SELECT (julianday('now') - 2440587.5) * 86400.0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return float(cursor.fetchone()[0])


def reserve(name: str, rate: float, burst: float = 1.0) -> float:
    """Take one token of the gateway's bucket; returns how many seconds the caller must wait for it."""
    rate, burst = max(rate, 0.001), max(burst, 1.0)
    with transaction.atomic():
        now = db_now()
        bucket = RateBucket.objects.select_for_update().filter(gateway=name).first()
        if bucket is None:
            fresh = {"tokens": burst, "stamp": now}
            bucket, _ = RateBucket.objects.get_or_create(gateway=name, defaults=fresh)
            bucket = RateBucket.objects.select_for_update().get(pk=bucket.pk)
        tokens = min(burst, bucket.tokens + max(0.0, now - bucket.stamp) * rate) - 1.0
        RateBucket.objects.filter(pk=bucket.pk).update(tokens=tokens, stamp=max(now, bucket.stamp))
    return -tokens / rate if tokens < 0 else 0.0


class SharedRateLimiter:
    """The limiter a sending loop uses: `wait()` takes a token and sleeps until it is due."""

    def __init__(self, name: str, rate: float, burst: float = 1.0) -> None:
        self.name, self.rate, self.burst = name, rate, burst

    def wait(self) -> float:
        delay = reserve(self.name, self.rate, self.burst)
        if delay:
            time.sleep(delay)
        return delay
