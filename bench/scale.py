"""Beyond a county: the registry at 100,000, 1,000,000 and 5,000,000 people in a province's tree. One table.

    python -m bench scale                                  # PostgreSQL (a throwaway one if needed)
    python -m bench scale --people 100000,1000000 --requests 10

A synthetic province (`--cities` × `--counties` × `--towns` × `--villages`; 3 × 5 × 10 × 10 = 1,500 villages
by default) is generated, then the registry is topped up to each size in turn (bench/people_list.py's
`populate`: COPY, then ANALYZE). At each size, as a city's staff user and as the province's:

- the person list, page 1 of every search kind (Chinese name, pinyin, initials, ID number, mobile) for the
  city user: p50 / p95 through the test client and the number of queries;
- the statistics (every app's figures for the year, the year before and by sub-unit — what the statistics
  page computes) for the city and for the province;
- a city summary (the paragraphs drafted from the records, not saved).

Each size runs in a fresh process after the population step, so caches start cold alike. The ledgers are
empty here (bench/ledgers.py and bench/reports.py measure them at a county's size): the registry is what
grows with a province.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.splitlines()[0])
    p.add_argument("--people", default="100000,1000000,5000000", help="sizes, comma-separated")
    p.add_argument("--cities", type=int, default=3)
    p.add_argument("--counties", type=int, default=5, help="per city")
    p.add_argument("--towns", type=int, default=10, help="per county")
    p.add_argument("--villages", type=int, default=10, help="per town")
    p.add_argument("--requests", type=int, default=10, help="timed requests per measurement")
    p.add_argument("--json", help=argparse.SUPPRESS)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "scale.json"
            cmd = [str(ROOT / "scripts/with-postgres"), sys.executable, "-m", "bench", "scale",
                   "--json", str(out), *_passthrough(args)]  # fmt: skip
            subprocess.run(cmd, check=True, cwd=ROOT)
            print_table(json.loads(out.read_text()))
        return 0
    results = {"setup": step("setup", args), "sizes": []}
    for n in (int(x) for x in args.people.split(",")):
        populated = step("populate", args, people=n)
        results["sizes"].append({"populate": populated, **step("measure", args)})
    if args.json:
        Path(args.json).write_text(json.dumps(results))
    else:
        print_table(results)
    return 0


def _passthrough(args) -> list[str]:
    return ["--people", args.people, "--cities", str(args.cities), "--counties", str(args.counties),
            "--towns", str(args.towns), "--villages", str(args.villages),
            "--requests", str(args.requests)]  # fmt: skip


def step(name: str, args, **extra) -> dict:
    cmd = [sys.executable, "-m", "bench", "scale", "--worker", name, *_passthrough(args)]
    for k, v in extra.items():
        cmd += [f"--{k}", str(v)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"scale {name} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"[scale] {name}: {json.dumps(result, ensure_ascii=False)[:300]}", flush=True)
    return result


def worker(args) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.worker == "populate":
        from bench.people_list import w_populate

        args.people = int(args.people)
        print(json.dumps(w_populate(args)))
    else:
        print(json.dumps({"setup": w_setup, "measure": w_measure}[args.worker](args)))
    return 0


def w_setup(args) -> dict:
    """Migrate, then the province's tree and three users: the province's and a city's staff, a town chair."""
    from django.core.management import call_command

    from fulian.accounts.models import User
    from fulian.core.roles import Role
    from fulian.orgs.models import Level, Membership, OrgUnit

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    province = OrgUnit.add_root(name="四川省", level=Level.PROVINCE, code="51")
    for c in range(args.cities):
        province.refresh_from_db()
        city = province.add_child(name=f"市{c + 1:02d}", level=Level.CITY, code=f"51{c + 1:02d}")
        for k in range(args.counties):
            city.refresh_from_db()
            county = city.add_child(
                name=f"县{c + 1:02d}{k + 1:02d}", level=Level.COUNTY, code=f"51{c + 1:02d}{k + 1:02d}"
            )
            for t_ in range(args.towns):
                county.refresh_from_db()
                town = county.add_child(
                    name=f"镇{t_ + 1:03d}", level=Level.TOWN, code=f"{county.code}{t_ + 1:03d}"
                )
                for v in range(args.villages):
                    town.refresh_from_db()
                    town.add_child(name=f"村{v + 1:03d}", level=Level.VILLAGE, code=f"{town.code}{v + 1:03d}")
    city = OrgUnit.objects.get(code="5101")
    for username, unit, role in (
        ("scale_province", province, Role.COUNTY_STAFF),
        ("scale_city", city, Role.COUNTY_STAFF),
    ):
        user = User.objects.create_user(username=username, password="x" * 12, display_name=username)
        Membership.objects.create(user=user, unit=unit, role=role)
    # bench/people_list.py's list and search workers log in as these two
    chair = User.objects.create_user(username="bench_chair", password="x" * 12, display_name="市妇联")
    Membership.objects.create(user=chair, unit=city, role=Role.COUNTY_STAFF)
    User.objects.create_superuser(username="bench_admin", password="x" * 12, display_name="管理员")
    return {"units": OrgUnit.objects.count(), "seconds": round(time.perf_counter() - t, 1)}


def _timed(fn, n: int) -> dict:
    """p50 / p95 ms of n calls after one warm-up, and the queries of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return {"p50": statistics.median(times), "p95": q[18], "queries": len(ctx.captured_queries)}


def w_measure(args) -> dict:
    from bench.people_list import _clients, searches, time_page
    from fulian.accounts.models import User
    from fulian.core.figures import collect
    from fulian.core.periods import Period
    from fulian.orgs.models import OrgUnit
    from fulian.people.models import Person
    from fulian.reports.summary.generator import generate

    people = Person.objects.count()
    ours, _ = _clients()
    out: dict = {"people": people, "search": [], "stats": {}}
    for kind, query, _ in searches(people):
        out["search"].append({"kind": kind, **time_page(ours, f"/people/?{query}", args.requests)})
    period = Period.year(YEAR)
    n = max(3, args.requests // 3)
    for label, username, code in (("city", "scale_city", "5101"), ("province", "scale_province", "51")):
        user, unit = User.objects.get(username=username), OrgUnit.objects.get(code=code)

        def stats(user=user, unit=unit):
            collect(user=user, unit=unit, period=period)
            collect(user=user, unit=unit, period=period.previous_year())
            collect(user=user, unit=unit, period=period, group_by_child=True)

        out["stats"][label] = _timed(stats, n)
    city_user, city = User.objects.get(username="scale_city"), OrgUnit.objects.get(code="5101")
    out["summary_city"] = _timed(lambda: generate(user=city_user, unit=city, period=period), n)
    return out


def print_table(results: dict) -> None:
    print(f"\n省级组织树：{results['setup']['units']:,} 个单位\n")
    print("| 人数 | 测量 | p50 ms | p95 ms | 查询数 |\n|---:|---|---:|---:|---:|")
    for size in results["sizes"]:
        n = f"{size['people']:,}"
        for s in size["search"]:
            print(
                f"| {n} | 搜索 {s['kind']}（市级用户） | {s['p50']:.0f} | {s['p95']:.0f} | {s['queries']} |"
            )
        for label, name in (("city", "统计（市）"), ("province", "统计（省）")):
            s = size["stats"][label]
            print(f"| {n} | {name} | {s['p50']:.0f} | {s['p95']:.0f} | {s['queries']} |")
        s = size["summary_city"]
        print(f"| {n} | 工作总结（市，起草） | {s['p50']:.0f} | {s['p95']:.0f} | {s['queries']} |")
