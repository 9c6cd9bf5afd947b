"""Benchmark of the ledgers' figures() (台账统计): a county-scale year, timed against bare SQL.

    python -m bench ledgers                              # SQLite, then PostgreSQL (a throwaway one)
    python -m bench ledgers --backends sqlite --scale 0.1   # a tenth of the data, quick look

A generated year for one county (30 towns × 10 villages = 300 villages, 200,000 people, 50,000
activities, 100,000 aid applications + 100,000 disbursements, and the pairing, screening and employment
ledgers at plausible sizes) is inserted with bulk_create (not through the services). Then, for every
ledger that has `figures()` and for two units (the county, one town), the benchmark times:

- figures(): the selector the reports call, as the county staff user (scoping included);
- bare SQL: hand-written aggregate statements over the same tables computing the same numbers, one
  statement per metric family (the same number of round trips figures() makes), run through the same
  connection; the numbers of both are compared and the table says whether they agree.

Times are medians of --runs runs (figures() and the bare SQL alternately) after one warm-up; "queries"
is what figures() sends (the same for the county and a town, i.e. independent of the number of
records). The goal is figures() ≤ 1.5 × bare SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.county_year import END, ROOT, SIZES, START, YEAR, generate
from bench.ledgers_sql import BARE


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench ledgers", description=__doc__.splitlines()[0])
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every row count (default 1)")
    p.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median)")
    p.add_argument("--json", help="write the results here (used when re-run under with-postgres)")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fulian-bench-") as tmp:
        for backend in args.backends.split(","):
            results[backend] = run_backend(backend, Path(tmp), args)
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    print_table(results, args)
    return 0


def run_backend(backend: str, tmp: Path, args) -> dict:
    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'ledgers.sqlite3'}"
    elif not url.startswith("postgres"):
        out = tmp / "pg.json"
        cmd = [
            str(ROOT / "scripts" / "with-postgres"),
            sys.executable,
            "-m",
            "bench",
            "ledgers",
            "--backends",
            "postgres",
            "--json",
            str(out),
            "--scale",
            str(args.scale),
            "--runs",
            str(args.runs),
        ]
        subprocess.run(cmd, check=True, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))["postgres"]
    env["FULIAN_VAR_DIR"] = str(tmp)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env)
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "ledgers",
        "--worker",
        "--scale",
        str(args.scale),
        "--runs",
        str(args.runs),
    ]
    done = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(results: dict, args) -> None:
    print(f"\n台账统计基准（{YEAR} 年，规模 ×{args.scale}，{args.runs} 次中位数）\n")
    for backend, res in results.items():
        print(
            f"{backend}: "
            + "，".join(f"{k} {v:,}" for k, v in res["rows"].items())
            + f"（生成 {res['load_s']:.0f}s）"
        )
    head = ("database", "ledger", "unit", "figures() ms", "bare SQL ms", "× bare", "queries", "same numbers")
    lines = [head]
    for backend, res in results.items():
        for r in res["measurements"]:
            lines.append(
                (
                    backend,
                    r["ledger"],
                    r["unit"],
                    f"{r['figures_ms']:.1f}",
                    f"{r['bare_ms']:.1f}",
                    f"{r['figures_ms'] / r['bare_ms']:.2f}" if r["bare_ms"] else "",
                    str(r["queries"]),
                    "是" if r["same"] else f"否 {r['diff']}",
                )
            )
        for name in res.get("missing", []):
            lines.append((backend, name, "—", "", "", "", "", "（该台账无 figures()）"))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    print()
    for n, line in enumerate(lines):
        print(" | ".join(str(c).ljust(widths[i]) for i, c in enumerate(line)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))


# --------------------------------------------------------------------------------- inside the subprocess


def worker(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    rnd = random.Random(2025)
    sizes = {k: max(1, int(v * args.scale)) for k, v in SIZES.items()}
    t = time.perf_counter()
    world = generate(rnd, sizes)
    load_s = time.perf_counter() - t
    print(f"generated in {load_s:.0f}s", file=sys.stderr)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does to a table after a bulk load; without statistics the planner guesses, and
        # a county's employment totals took 600 ms instead of 15 (the bare SQL alike).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measurements, missing = measure(world, args.runs)
    print(
        json.dumps(
            {"rows": world["rows"], "load_s": load_s, "measurements": measurements, "missing": missing}
        )
    )
    return 0


# --- measuring ---------------------------------------------------------------------------------------

LEDGERS = ["care", "health", "employment", "activities", "aid"]


def measure(world, runs: int) -> tuple[list[dict], list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fulian.core.figures import source

    out, missing = [], []
    user = world["user"]
    for name in LEDGERS:
        registered = source(name)
        if registered is None or registered.figures is None:
            missing.append(name)
            continue
        figures = registered.figures
        for label, unit in (
            ("县 " + world["county"].name, world["county"]),
            ("镇 " + world["town"].name, world["town"]),
        ):

            def fig(unit=unit, figures=figures):
                return figures(user=user, unit=unit, start=START, end=END)

            def bare(unit=unit, name=name):
                return BARE[name](connection, unit.path)

            fig()
            with CaptureQueriesContext(connection) as ctx:
                numbers = fig()
            fig_ms, bare_ms = _medians(fig, bare, runs)
            expected = bare()
            diff = {k: (numbers.get(k), v) for k, v in expected.items() if not _same(numbers.get(k), v)}
            out.append(
                {
                    "ledger": name,
                    "unit": label,
                    "figures_ms": fig_ms,
                    "bare_ms": bare_ms,
                    "queries": len(ctx.captured_queries),
                    "same": not diff,
                    "diff": str(diff)[:120],
                }
            )
    return out, missing


def _medians(fn_a, fn_b, runs: int) -> tuple[float, float]:
    """Median times of two functions run alternately (a, b, a, b …), so that a change in the machine's
    load during the measurement weighs on both alike rather than on whichever ran second."""
    fn_a(), fn_b()
    times_a, times_b = [], []
    for _ in range(runs):
        for fn, times in ((fn_a, times_a), (fn_b, times_b)):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times_a), statistics.median(times_b)


def _same(a, b) -> bool:
    a, b = a or 0, b or 0
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.01")
