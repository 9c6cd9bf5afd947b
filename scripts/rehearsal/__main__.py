"""scripts/rehearse [--quick]: Fulian in production on one machine — see docs/deploy.md, "Rehearsal".

Starts on 127.0.0.1 a PostgreSQL primary and a streaming replica, two gunicorn servers and two task workers,
loads a county year (the ledgers benchmark's world), runs a bounded locust load by role, then the faults,
prints the figures and each fault's outcome, and removes everything it started. Exit status 1 when a fault's
outcome is wrong or a request of the load failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

from .cluster import ROOT, Cluster


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="scripts/rehearse", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick", action="store_true", help="CI size: a small world, a short load, each fault once"
    )
    p.add_argument("--users", type=int, default=50, help="simulated users of the load")
    p.add_argument("--minutes", type=float, help="length of the load (default 5, --quick 0.5)")
    p.add_argument(
        "--scale", type=float, help="the county year's size (default 1 = 200,000 people; --quick 0.01)"
    )
    p.add_argument(
        "--import-rows", type=int, help="rows of the killed import (default 50,000; --quick 10,000)"
    )
    p.add_argument("--keep", action="store_true", help="keep the logs and data (the path is printed)")
    p.add_argument("--only", default="", help="only these faults: web,replica,import,summary,primary")
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args(argv)
    minutes = args.minutes or (0.5 if args.quick else 5)
    scale = args.scale or (0.01 if args.quick else 1.0)
    rows = args.import_rows or (10000 if args.quick else 50000)
    users = min(args.users, 20) if args.quick and args.users == 50 else args.users

    from fulian.core.crypto import new_key

    cluster = Cluster()
    cluster.field_key = new_key()
    results: dict = {"quick": args.quick, "users": users, "minutes": minutes, "scale": scale}
    try:
        results["setup"] = setup(cluster, scale)
        results["load"] = load(cluster, users, minutes)
        results["faults"] = faults(cluster, rows, set(filter(None, args.only.split(","))))
    finally:
        cluster.close(keep=args.keep)
        if args.keep:
            print(f"日志和数据保留在 {cluster.tmp}")
    print_report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = [f for f in results["faults"] if not f["ok"]]
    errors = sum(r["failures"] for r in results["load"]["endpoints"])
    return 1 if failed or errors else 0


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def setup(cluster: Cluster, scale: float) -> dict:
    t = time.monotonic()
    say(f"PostgreSQL 主库 127.0.0.1:{cluster.primary.port}")
    cluster.start_primary()
    cluster.manage("migrate", "-v0")
    say(f"县级一年数据（规模 {scale}）")
    world_file = cluster.tmp / "world.json"
    subprocess.run([sys.executable, "-m", "scripts.rehearsal.world", str(world_file), str(scale)], cwd=ROOT,
                   env=cluster.env(), check=True)  # fmt: skip
    say(f"流复制副本 127.0.0.1:{cluster.replica.port}（pg_basebackup -R）")
    cluster.start_replica()
    say("两个 gunicorn、两个任务进程、任务清理（jobs_cleanup --every 5）")
    cluster.start_web(2)
    cluster.start_worker()
    cluster.start_worker()
    cluster.start_cleanup(every=5)
    os.environ.update(cluster.env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    cluster.world = json.loads(world_file.read_text(encoding="utf-8"))
    cluster.world_file = world_file
    return {"seconds": round(time.monotonic() - t, 1), "rows": cluster.world["rows"], "hosts": cluster.hosts}


def load(cluster: Cluster, users: int, minutes: float) -> dict:
    say(f"负载：{users} 个模拟用户，{minutes:g} 分钟")
    prefix = cluster.tmp / "locust"
    env = {**os.environ, "REHEARSE_WORLD": str(cluster.world_file), "REHEARSE_HOSTS": ",".join(cluster.hosts)}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{int(minutes * 60)}s",
         "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoints = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "Aggregated":
                continue
            endpoints.append({
                "name": f"{row['Type']} {row['Name']}", "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]), "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0), "max": float(row["Max Response Time"] or 0),
            })  # fmt: skip
    failures = []
    no_response = {"运行中": 0, "停止时": 0}  # no response at all, sent before / after the stop began
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                failures.append(f"{r['Method']} {r['Name']}: {r['Error']} ×{r['Occurrences']}")
                for phase in no_response:
                    if f"无响应（{phase}）" in r["Error"]:
                        no_response[phase] += int(r["Occurrences"])
    return {"endpoints": endpoints, "failure_messages": failures[:20], "no_response": no_response}


def faults(cluster: Cluster, rows: int, only: set[str]) -> list[dict]:
    from . import faults as f
    from . import jobs

    out = []
    steps = [
        ("web", "杀掉一个 web 工作进程", lambda: f.web_worker_killed(cluster, cluster.world)),
        ("replica", "停止只读副本", lambda: f.replica_stopped(cluster, cluster.world)),
        (
            "import",
            "导入写入中杀掉任务进程",
            lambda: jobs.worker_killed_mid_import(cluster, cluster.world, rows),
        ),
        ("summary", "总结生成中杀掉任务进程", lambda: jobs.worker_killed_mid_summary(cluster, cluster.world)),
        ("primary", "重启主库", lambda: f.primary_restarted(cluster, cluster.world)),
    ]
    for key, title, step in steps:
        if only and key not in only:
            continue
        say(f"故障：{title}")
        try:
            outcome = step()
            out.append(
                {"name": outcome.name, "ok": outcome.ok, "detail": outcome.detail, "notes": outcome.notes}
            )
        except Exception as exc:  # a fault that could not even be run is a failed outcome
            traceback.print_exc()
            where = [f for f in traceback.extract_tb(exc.__traceback__) if "site-packages" not in f.filename][
                -3:
            ]
            trail = " ← ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(where))
            detail = f"{type(exc).__name__}: {str(exc).strip()[:200]}（{trail}）"
            out.append({"name": title, "ok": False, "detail": detail, "notes": []})
        print(("  通过：" if out[-1]["ok"] else "  未通过：") + out[-1]["detail"], flush=True)
    return out


def print_report(results: dict) -> None:
    print("\n| 端点 | 请求 | 失败 | p50 ms | p95 ms | 最慢 ms |\n|---|---:|---:|---:|---:|---:|")
    for r in results.get("load", {}).get("endpoints", []):
        cells = [
            r["name"],
            r["requests"],
            r["failures"],
            f"{r['p50']:.0f}",
            f"{r['p95']:.0f}",
            f"{r['max']:.0f}",
        ]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    for message in results.get("load", {}).get("failure_messages", []):
        print(f"  失败：{message}")
    no_response = results.get("load", {}).get("no_response")
    if no_response:
        print(f"  无响应的请求：运行中 {no_response['运行中']}，停止时 {no_response['停止时']}")
    print("\n| 故障 | 结果 | 说明 |\n|---|---|---|")
    for f in results.get("faults", []):
        notes = "；".join(f["notes"])
        verdict = "通过" if f["ok"] else "未通过"
        print(f"| {f['name']} | {verdict} | {f['detail']}{'；' + notes if notes else ''} |")


if __name__ == "__main__":
    sys.exit(main())
