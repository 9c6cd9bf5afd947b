"""Benchmark of statistics and the annual summary (统计与工作总结) on a county-scale year.

    python -m bench reports                                 # SQLite, then PostgreSQL (a throwaway one)
    python -m bench reports --backends sqlite --scale 0.1   # a tenth of the data, quick look

The county year is the one of `python -m bench ledgers` (30 towns × 10 villages, 200,000 people, 50,000
activities, 100,000 aid applications and disbursements, pairings, screenings, employment), inserted with
bulk_create. For a town and for the county it times, as the county staff user:

- statistics: `reports.figures.collect()` for the year, the year before and by sub-unit — what the
  statistics page computes;
- summary: `summary_create()` in the foreground — every app's figures, every contributor, the paragraphs
  written to the database;
- Word: rendering that draft to .docx.

Times are medians of --runs runs after a warm-up; "queries" is what one run sends. Goals: a town summary
under 0.5 s, a county summary under 3 s, and the same number of queries at any number of records (run
with two --scale values to see it; the ledger and report tests assert it too).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench reports", description=__doc__.splitlines()[0])
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every row count (default 1)")
    p.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    p.add_argument("--json", help=argparse.SUPPRESS)
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
    common = ["--scale", str(args.scale), "--runs", str(args.runs)]
    if backend == "postgres" and not env.get("DATABASE_URL", "").startswith("postgres"):
        out = tmp / "pg.json"
        cmd = [
            str(ROOT / "scripts" / "with-postgres"),
            sys.executable,
            "-m",
            "bench",
            "reports",
            "--backends",
            "postgres",
            "--json",
            str(out),
            *common,
        ]
        subprocess.run(cmd, check=True, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))["postgres"]
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'reports.sqlite3'}"
    env["FULIAN_VAR_DIR"] = str(tmp)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "reports", "--worker", *common],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(results: dict, args) -> None:
    print(f"\n统计与工作总结基准（规模 ×{args.scale}，{args.runs} 次中位数）\n")
    head = ("database", "what", "unit", "median ms", "min ms", "max ms", "queries", "goal")
    lines = [head]
    for backend, res in results.items():
        print(f"{backend}: " + "，".join(f"{k} {v:,}" for k, v in res["rows"].items()))
        for r in res["measurements"]:
            lines.append(
                (
                    backend,
                    r["what"],
                    r["unit"],
                    f"{r['median_ms']:.0f}",
                    f"{r['min_ms']:.0f}",
                    f"{r['max_ms']:.0f}",
                    str(r["queries"]),
                    r["goal"],
                )
            )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    print()
    for n, line in enumerate(lines):
        print(" | ".join(str(c).ljust(widths[i]) for i, c in enumerate(line)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))


def worker(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.county_year import SIZES, YEAR, generate

    sizes = {k: max(1, int(v * args.scale)) for k, v in SIZES.items()}
    t = time.perf_counter()
    world = generate(random.Random(2025), sizes)
    print(f"generated in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    out = []
    for label, unit, goal_ms in (("town", world["town"], 500), ("county", world["county"], 3000)):
        out.extend(measure(world["user"], unit, label, goal_ms, YEAR, args.runs))
    print(json.dumps({"rows": world["rows"], "measurements": out}))
    return 0


def measure(user, unit, label: str, goal_ms: int, year: int, runs: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fulian.core.figures import collect
    from fulian.core.periods import Period
    from fulian.core.scoping import forget_scope
    from fulian.reports.services import summary_create
    from fulian.reports.summary.docx import render_docx

    period = Period.year(year)
    state: dict = {}

    def stats():
        forget_scope(user)
        collect(user=user, unit=unit, period=period)
        collect(user=user, unit=unit, period=period.previous_year())
        collect(user=user, unit=unit, period=period, group_by_child=True)

    def summary():
        forget_scope(user)
        state["draft"] = summary_create(user=user, unit=unit, period=period, background=False)

    def word():
        render_docx(state["draft"])

    rows = []
    for what, fn, goal in (
        ("statistics", stats, ""),
        ("summary", summary, f"< {goal_ms} ms"),
        ("Word file", word, ""),
    ):
        fn()  # warm-up
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t) * 1000)
        med = statistics.median(times)
        verdict = goal and ("met" if med < goal_ms else "missed")
        rows.append(
            {
                "what": what,
                "unit": label,
                "median_ms": med,
                "min_ms": min(times),
                "max_ms": max(times),
                "queries": len(ctx.captured_queries),
                "goal": f"{goal} {verdict}".strip(),
            }
        )
    return rows
