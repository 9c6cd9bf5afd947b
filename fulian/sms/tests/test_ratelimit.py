"""The rate limit per gateway is shared by every worker process (ratelimit.py): several processes (and, on
PostgreSQL, several threads with their own connections) taking tokens of one gateway's bucket together
stay within the rate — a per-process limiter would let each of them go at the full rate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from django.db import connection, connections

from fulian.core.tests.realworker import wait_for
from fulian.sms import ratelimit
from fulian.sms.models import RateBucket

RATE = 20.0


def assert_within_rate(stamps: list[float], rate: float, burst: float = 1.0) -> None:
    """In any one second no more than the rate plus the burst (and a little for the clock's grain)."""
    stamps = sorted(stamps)
    for i, start in enumerate(stamps):
        in_window = sum(1 for t in stamps[i:] if t < start + 1.0)
        assert in_window <= rate + burst + 1, (in_window, start)
    # the whole run took at least as long as the rate allows
    assert stamps[-1] - stamps[0] >= (len(stamps) - 1 - burst) / rate * 0.9


@pytest.mark.django_db
def test_an_empty_bucket_makes_each_later_taker_wait_longer():
    assert ratelimit.reserve("console", 10.0) == 0.0  # a new bucket holds one token
    second = ratelimit.reserve("console", 10.0)
    third = ratelimit.reserve("console", 10.0)
    assert 0.0 < second <= 0.1
    assert second < third <= 0.2
    bucket = RateBucket.objects.get(gateway="console")
    assert bucket.tokens < -1.0  # two sends promised later turns
    assert ratelimit.reserve("aliyun", 10.0) == 0.0  # another gateway has its own bucket


@pytest.mark.django_db
def test_a_bucket_left_alone_refills_up_to_its_burst_only():
    RateBucket.objects.create(gateway="console", tokens=-5.0, stamp=ratelimit.db_now() - 60)
    assert ratelimit.reserve("console", 10.0, burst=3.0) == 0.0
    assert RateBucket.objects.get(gateway="console").tokens == pytest.approx(2.0, abs=0.01)


@pytest.mark.django_db(transaction=True)
def test_threads_with_their_own_connections_share_the_rate_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite's one writer is tested with processes below)")
    stamps: list[float] = []
    guard = threading.Lock()

    def taker():
        try:
            limiter = ratelimit.SharedRateLimiter("aliyun", RATE)
            for _ in range(10):
                limiter.wait()
                now = ratelimit.db_now()
                with guard:
                    stamps.append(now)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=taker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stamps) == 40
    assert_within_rate(stamps, RATE)


TAKER = textwrap.dedent(
    """
    import json, os, sys, time
    import django
    django.setup()
    from fulian.sms import ratelimit
    ready, go, n, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    ratelimit.db_now()
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    limiter = ratelimit.SharedRateLimiter("aliyun", rate)
    stamps = []
    for _ in range(n):
        limiter.wait()
        stamps.append(ratelimit.db_now())
    print(json.dumps(stamps))
    """
)


@pytest.mark.django_db(transaction=True)
def test_worker_processes_share_one_rate(shared_database, settings, tmp_path):
    env = {**os.environ, "DATABASE_URL": shared_database, "DJANGO_SETTINGS_MODULE": "config.settings"}
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TAKER, str(tmp_path / f"ready{i}"), str(go), "12", str(RATE)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    try:
        wait_for("three takers ready", lambda: all((tmp_path / f"ready{i}").exists() for i in range(3)))
        started = time.monotonic()
        go.touch()
        outputs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outputs]
    stamps = [t for out, _ in outputs for t in json.loads(out.strip().splitlines()[-1])]
    assert len(stamps) == 36
    assert_within_rate(stamps, RATE)
    # 36 sends at 20 a second take 1.75 s at least; three per-process limiters would have taken 0.55 s
    assert time.monotonic() - started >= 35 / RATE * 0.9
