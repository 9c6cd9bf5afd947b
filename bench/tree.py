"""Benchmark of the organisation tree: the national division import and subtree counts. Prints one table.

    python -m bench tree                         # SQLite (a fresh file), then PostgreSQL (a throwaway one)
    python -m bench tree --backends sqlite --runs 9 --data DIR

The files are the national set shipped with the project (fulian/orgs/data/divisions, xz-compressed), or
--data DIR with the five files plain or compressed.

For each database, every step runs in its own subprocess, so peak memory (resource.getrusage ru_maxrss,
which includes Django itself, about 100 MB) belongs to that step alone:

- floor:      reading the five files (decompressing them) with the csv module and nothing else (the lower
              bound);
- raw insert: the same 665,276 rows, paths precomputed, written by one COPY (PostgreSQL) or executemany
              (SQLite) into the same table with the same indexes, then rolled back (the peer: no checks);
- import:     `divisions_import` (what `manage.py import_divisions` runs) into the empty table;
- re-import:  the same again on the full table (nothing changes; everything is compared);
- subtree counts of a province (四川省) and a county (万源市): `path__startswith` (what the scoping
  policy uses) and the equivalent `path` range, the median of --runs runs, with whether the plan uses
  an index.

Queries are counted with connection.execute_wrapper; a COPY goes to psycopg directly and is not in that
count (it is one statement).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fulian.orgs.division_files import BUNDLED, NAMES, division_file, open_division_file

ROOT = Path(__file__).resolve().parent.parent
PROVINCE, COUNTY = "51", "511781"
STEPS = ("floor", "raw", "import", "reimport", "counts")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """This process's CPU time (user + system): less sensitive than wall time to a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench tree", description=__doc__.split("\n")[0])
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--data", type=Path, default=BUNDLED, help="the five division files (.csv or .csv.xz)")
    p.add_argument("--runs", type=int, default=7, help="runs per subtree count (the median is shown)")
    p.add_argument("--json", help="write the results here (used when re-run under with-postgres)")
    p.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # internal: one step, in a subprocess
    args = p.parse_args(argv)
    if args.step:
        return worker(args)
    if any(division_file(args.data, name) is None for name in NAMES):
        print(f"找不到区划文件：{args.data}（用 --data 指定目录）", file=sys.stderr)
        return 2
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-tree-") as tmp:
        for backend in args.backends.split(","):
            results[backend] = run_backend(backend, Path(tmp), args)
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    else:
        print_table(results, args)
    return 0


def run_backend(backend: str, tmp: Path, args) -> list[dict]:
    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'tree.sqlite3'}"
    elif not url.startswith("postgres"):
        out = tmp / "pg.json"
        cmd = [str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", "bench", "tree",
               "--backends", "postgres", "--json", str(out), "--data", str(args.data),
               "--runs", str(args.runs)]  # fmt: skip
        subprocess.run(cmd, check=True, cwd=ROOT)
        return json.loads(out.read_text(encoding="utf-8"))["postgres"]
    env["FULIAN_VAR_DIR"] = str(tmp)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env)
    rows = []
    for step in STEPS:
        cmd = [sys.executable, "-m", "bench", "tree", "--step", step, "--data", str(args.data),
               "--runs", str(args.runs)]  # fmt: skip
        done = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
        rows.extend(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def print_table(results: dict, args) -> None:
    load = "、".join(f"{x:.1f}" for x in os.getloadavg())
    cores = os.cpu_count()
    print(f"\n组织树基准（{args.data}，子树计数取 {args.runs} 次中位数；{cores} 核，结束时负载 {load}）\n")
    head = ("database", "step", "seconds", "cpu s", "rows", "rows/s", "peak MB", "queries", "× floor", "note")
    lines = [head]
    for backend, rows in results.items():
        floor = next(r["seconds"] for r in rows if r["step"] == "floor (read CSV)")
        for r in rows:
            rate = r["rows"] / r["seconds"] if r["seconds"] else 0
            ratio = "" if r["step"].startswith("count") else f"{r['seconds'] / floor:.1f}"
            seconds = f"{r['seconds'] * 1000:.2f} ms" if r["seconds"] < 1 else f"{r['seconds']:.2f}"
            cpu = f"{r['cpu']:.2f}" if "cpu" in r else ""
            lines.append((backend, r["step"], seconds, cpu, f"{r['rows']:,}", f"{rate:,.0f}",
                          f"{r['peak_mb']:.0f}", str(r["queries"]), ratio, r.get("note", "")))  # fmt: skip
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    for n, line in enumerate(lines):
        print(" | ".join(str(c).ljust(widths[i]) for i, c in enumerate(line)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))


# --------------------------------------------------------------------------------- inside the subprocess


def worker(args) -> int:
    if args.step == "floor":
        result = [w_floor(args)]
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        result = globals()[f"w_{args.step}"](args)
    print(json.dumps(result))
    return 0


def w_floor(args) -> dict:
    cpu = cpu_seconds()
    started = time.perf_counter()
    n = 0
    for name in NAMES:
        with open_division_file(division_file(args.data, name)) as fh:
            reader = csv.reader(fh)
            next(reader)
            for _row in reader:
                n += 1
    return {"step": "floor (read CSV)", "seconds": time.perf_counter() - started, "rows": n,
            "cpu": cpu_seconds() - cpu, "peak_mb": rss_mb(), "queries": 0}  # fmt: skip


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _counted(fn):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        cpu = cpu_seconds()
        started = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - started
    return value, {"seconds": seconds, "queries": counter.count, "cpu": cpu_seconds() - cpu}


def w_raw(args) -> list[dict]:
    """Insert the same rows with precomputed paths, no checks, in one statement; then roll back."""
    from django.db import connection, transaction
    from django.utils import timezone

    from fulian.orgs.models import OrgUnit
    from fulian.orgs.services.divisions import _insert

    units = []
    for level, name in enumerate(NAMES, start=1):
        with open_division_file(division_file(args.data, name)) as fh:
            reader = csv.reader(fh)
            next(reader)
            units.extend((row[0], row[1], level) for row in reader)
    units.sort()
    paths: dict[str, str] = {}
    steps: dict[str, int] = {}
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for code, name, level in units:
        parent = paths.get(code[: (2, 4, 6, 9)[level - 2]], "") if level > 1 else ""
        steps[parent] = steps.get(parent, 0) + 1
        path = OrgUnit._get_path(parent, len(parent) // 4 + 1, steps[parent])
        paths[code] = path
        rows.append((path, len(path) // 4, 0, code, name, level, None, "[]", stamp))
    del units, paths

    class Rollback(Exception):
        pass

    result = {}
    try:
        with transaction.atomic():
            _, result = _counted(lambda: _insert(rows))
            raise Rollback
    except Rollback:
        pass
    note = "COPY" if connection.vendor == "postgresql" else "executemany"
    return [
        {"step": "raw insert (no checks)", "rows": len(rows), "peak_mb": rss_mb(), "note": note, **result}
    ]


def _import(args, step: str) -> list[dict]:
    from fulian.orgs.services.divisions import divisions_import, divisions_tidy

    def run():
        summary = divisions_import(directory=args.data)
        divisions_tidy(summary)  # as the command does: (VACUUM) ANALYZE after a large import
        return summary

    summary, result = _counted(run)
    note = f"新增 {summary.added}，未变 {summary.unchanged}"
    return [{"step": step, "rows": summary.total, "peak_mb": rss_mb(), "note": note, **result}]


def w_import(args) -> list[dict]:
    return _import(args, "import (empty table)")


def w_reimport(args) -> list[dict]:
    return _import(args, "re-import (no change)")


def w_counts(args) -> list[dict]:
    from django.db import connection

    from fulian.orgs.models import OrgUnit

    rows = []
    for label, code in (("province 四川省", PROVINCE), ("county 万源市", COUNTY)):
        path = OrgUnit.objects.get(code=code).path
        forms = {
            "startswith": OrgUnit.objects.filter(path__startswith=path),
            "range": OrgUnit.objects.filter(path__gte=path, path__lt=path + "~"),
        }
        for form, qs in forms.items():
            qs.count()  # warm the cache
            runs = [_counted(qs.count) for _ in range(args.runs)]
            n = runs[0][0]
            seconds = statistics.median(r[1]["seconds"] for r in runs)
            plan = qs.explain().lower()
            uses_index = "index" in plan and "scan orgs_orgunit using index" not in plan.replace("\n", " ")
            note = ("index range scan" if uses_index else "full scan") + f" ({connection.vendor})"
            rows.append({"step": f"count {label} ({form})", "seconds": seconds, "rows": n,
                         "peak_mb": rss_mb(), "queries": runs[0][1]["queries"], "note": note})  # fmt: skip
    return rows
