"""An upgrade on a big registry: how long people 0007 takes at N people, and whether writes wait meanwhile.

    python -m bench migrate                          # 1,000,000 people; SQLite, then PostgreSQL (throwaway)
    python -m bench migrate --people 100000 --backends postgres

The registry is filled to N people (bench/people_list.py: encrypted ID numbers and mobiles), migrated back
to people 0006, then forward to 0007 (a column, its hashes filled for every mobile in batches of 2,000, two
indexes built and one dropped CONCURRENTLY on PostgreSQL) while a probe on its own connection writes one
row of the registry every 100 ms: the longest a write waited is what the upgrade cost the users.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench migrate", description=__doc__.splitlines()[0])
    p.add_argument("--people", type=int, default=1_000_000)
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--json", help=argparse.SUPPRESS)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    results = {}
    with tempfile.TemporaryDirectory(prefix="fulian-bench-") as tmp:
        for backend in args.backends.split(","):
            results[backend] = run_backend(backend, Path(tmp), args)
    if args.json:
        Path(args.json).write_text(json.dumps(results))
    print("\n| 数据库 | 人数 | 迁移 people 0007 | 期间写入次数 | 写入最长等待 | p99 等待 | 失败 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for backend, r in results.items():
        m = r["migrate"]
        print(f"| {backend} | {r['people']:,} | {m['seconds']:.1f} s | {m['probes']} | "
              f"{m['max_ms']:.0f} ms | {m['p99_ms']:.0f} ms | {m['failures']} |")  # fmt: skip
    return 0


def run_backend(backend: str, tmp: Path, args) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'migrate.sqlite3'}"
    elif not url.startswith("postgres"):
        out = tmp / "pg.json"
        cmd = [str(ROOT / "scripts/with-postgres"), sys.executable, "-m", "bench", "migrate",
               "--backends", "postgres", "--people", str(args.people), "--json", str(out)]  # fmt: skip
        subprocess.run(cmd, check=True, cwd=ROOT)
        return json.loads(out.read_text())["postgres"]
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}

    def step(name: str) -> dict:
        cmd = [sys.executable, "-m", "bench", "migrate", "--worker", name, "--people", str(args.people)]
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"{backend} {name} failed")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"[{backend}] {name}: {result}", flush=True)
        return result

    out = {"people": args.people}
    for name in ("setup", "populate", "back"):
        out[name] = step(name)
    out["migrate"] = step("forward")
    return out


def worker(args) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.people_list import w_populate

    if args.worker == "setup":
        from bench.people import w_setup

        result = w_setup(args)
    elif args.worker == "populate":
        result = w_populate(args)
    elif args.worker == "back":
        t = time.perf_counter()
        call_command("migrate", "people", "0006", verbosity=0)
        result = {"seconds": round(time.perf_counter() - t, 1)}
    else:
        probe = Probe()
        probe.start()
        t = time.perf_counter()
        call_command("migrate", "people", "0007", verbosity=0)
        seconds = time.perf_counter() - t
        probe.halt.set()
        probe.join()
        waits = sorted(probe.waits) or [0.0]
        p99 = statistics.quantiles(waits, n=100)[98] if len(waits) > 1 else waits[0]
        result = {"seconds": seconds, "probes": len(probe.waits), "failures": probe.failures,
                  "max_ms": waits[-1], "p99_ms": p99}  # fmt: skip
    print(json.dumps(result))
    return 0


class Probe(threading.Thread):
    """Writes one registry row every 100 ms on its own connection (as a user saving a record would)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.halt = threading.Event()
        self.waits: list[float] = []
        self.failures = 0

    def run(self) -> None:
        from django.db import connection, transaction

        from fulian.people.models import Person

        pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
        while not self.halt.is_set():
            t = time.perf_counter()
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE people_person SET residence_address = %s WHERE id = %s", [str(t), pk]
                    )
                self.waits.append((time.perf_counter() - t) * 1000)
            except Exception:
                self.failures += 1
            time.sleep(0.1)
        connection.close()
