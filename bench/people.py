"""Benchmarks of the registry (服务对象): Excel import and the list page. Prints one table.

    python -m bench people                      # SQLite, then PostgreSQL (a throwaway one if needed)
    python -m bench people --backends sqlite --rows 20000 --people 100000

(a) importing a generated sheet (valid ID numbers): our importer (core.spreadsheets: calamine, chunked
    checks, the preview's checked rows staged for confirm, fastinsert) against django-import-export on the
    same sheet into the same model, in its default configuration (a ModelResource for Person, one lookup
    and one save() per row, a diff per row) and tuned as its documentation advises for large imports
    (`use_bulk`, `batch_size`, `force_init_instance`, `skip_diff`); rows/s and peak RSS, each measured in
    its own subprocess (resource.getrusage ru_maxrss, which includes Django itself).
(b) `list`: the person list page with N people in scope (filter + pinyin search + page 50) against the
    Django admin changelist of the same model as registered (bench/people_list.py): server time p50/p95
    through the test Client and the number of queries, at a small N and at the full N.
(c) `search`: page 1 of every search kind (Chinese name, pinyin, initials, ID number, mobile) at the full
    N, against the admin's search box where it has one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VILLAGES = 20
DJE_CONFIGS = ("default", "tuned")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the import's sheet-reading process):
    unlike wall time, not inflated when the machine is shared."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


# --- the parent: generate, run each measurement in a subprocess, print the table -----------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench people", description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000, help="rows in the generated import sheet")
    p.add_argument("--dje-rows", type=int, default=0, help="rows for django-import-export (default: --rows)")
    p.add_argument("--people", type=int, default=1_000_000, help="people in scope for the list page")
    p.add_argument("--small", type=int, default=100_000, help="the small N for the query-count check")
    p.add_argument("--requests", type=int, default=30, help="timed requests per page")
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--parts", default="import,list,search", help="any of import, list, search")
    p.add_argument("--dje", default="default,tuned", help="django-import-export configurations to run")
    p.add_argument("--json", help="write the results here (used when re-run under with-postgres)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--sheet", help=argparse.SUPPRESS)
    p.add_argument("--dje-sheet", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fulian-bench-") as tmp:
        sheet = Path(tmp) / "people.xlsx"
        if "import" in args.parts:
            t = time.perf_counter()
            generate_sheet(sheet, args.rows)
            size = sheet.stat().st_size / 1e6
            print(f"生成 {args.rows:,} 行表格：{time.perf_counter() - t:.1f}s，{size:.1f} MB")
        for backend in args.backends.split(","):
            results[backend] = run_backend(backend, sheet, Path(tmp), args)
    if args.json:
        Path(args.json).write_text(json.dumps(results))
    print_table(results, args)
    return 0


def run_backend(backend: str, sheet: Path, tmp: Path, args) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif not url.startswith("postgres"):
        out = tmp / "pg.json"
        cmd = [str(ROOT / "scripts/with-postgres"), sys.executable, "-m", "bench", "people",
               "--backends", "postgres", "--json", str(out), *_passthrough(args)]  # fmt: skip
        subprocess.run(cmd, check=True, cwd=ROOT)
        return json.loads(out.read_text())["postgres"]
    # The import's steps run where the task worker would run them, in this measuring process (the
    # immediate task backend), with limits that let a large sheet through.
    env = {**os.environ, "DATABASE_URL": url,
           "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
           "FULIAN_IMPORT_MAX_MB": "200", "FULIAN_IMPORT_MAX_ROWS": str(10**7),
           "FULIAN_IMPORT_MAX_CELLS": str(10**8), "FULIAN_IMPORT_MAX_UNPACKED_MB": "4000",
           "FULIAN_IMPORT_READER_MEMORY_MB": "4096"}  # fmt: skip
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    def step(name: str, **extra) -> dict:
        cmd = [sys.executable, "-m", "bench", "people", "--worker", name, "--sheet", str(sheet),
               *_passthrough(args)]  # fmt: skip
        for k, v in extra.items():
            cmd += [f"--{k}", str(v)]
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"{backend} {name} failed")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"[{backend}] {name}: {result}", flush=True)
        return result

    out: dict = {"setup": step("setup")}
    if "import" in args.parts:
        out["ours"] = step("import_ours")
        step("clear")
        dje_sheet = sheet
        if args.dje_rows and args.dje_rows < args.rows:
            dje_sheet = tmp / f"people-{args.dje_rows}.xlsx"
            if not dje_sheet.exists():
                generate_sheet(dje_sheet, args.dje_rows)
        for config in args.dje.split(","):
            out[f"dje_{config}"] = step("import_dje", **{"dje-sheet": dje_sheet, "dje": config})
            step("clear")
    if "list" in args.parts:
        step("populate", people=args.small)
        out["list_small"] = step("list")
    if "list" in args.parts or "search" in args.parts:
        step("populate", people=args.people)
    if "list" in args.parts:
        out["list_full"] = step("list")
    if "search" in args.parts:
        out["search"] = step("search")
    return out


def _passthrough(args) -> list[str]:
    return ["--rows", str(args.rows), "--people", str(args.people), "--small", str(args.small),
            "--requests", str(args.requests), "--dje-rows", str(args.dje_rows),
            "--parts", args.parts, "--dje", args.dje]  # fmt: skip


def generate_sheet(path: Path, rows: int) -> None:
    """A filled import sheet (the template's headers) written with openpyxl's write-only mode."""
    sys.path.insert(0, str(ROOT))
    from openpyxl import Workbook

    from bench.people_list import GIVEN, SURNAMES
    from fulian.core.idcard import make_id_number

    rng = random.Random(20261130)
    headers = _headers()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(headers)
    start = date(1950, 1, 1)
    for i in range(rows):
        born = start + timedelta(days=i % 18000)
        number = make_id_number("511781", born, (i // 18000) * 2 % 1000)  # even 17th digit: women
        values = {
            "姓名": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "性别": "女",
            "出生日期": born.isoformat(),
            "居民身份证号": number,
            "手机号码": f"139{i:08d}",
            "所属村(社区)": f"第{i % VILLAGES + 1:02d}村",
            "户籍地": "四川省万源市",
            "民族": "汉族",
            "文化程度": "初中",
            "就业状况": "务农",
        }
        ws.append([values.get(h, "") for h in headers])
    wb.save(path)


def _headers() -> list[str]:
    # The import template's headers, without importing Django in the parent.
    return ["姓名", "性别", "出生日期", "居民身份证号", "手机号码", "所属村(社区)", "村民小组", "户籍地",
            "居住地", "民族", "文化程度", "就业状况", "人员类别", "监护人身份证号", "备注"]  # fmt: skip


def print_table(results: dict, args) -> None:
    from bench.people_list import table_lines

    lines = [
        "",
        "| 数据库 | 测量 | 我们 | 对照 | 倍数 | 目标 |",
        "|---|---|---|---|---|---|",
    ]
    for backend, r in results.items():
        ours = r.get("ours")
        for config in DJE_CONFIGS:
            dje = r.get(f"dje_{config}")
            if not ours or not dje:
                continue
            who = f"django-import-export {'默认' if config == 'default' else '调优（批量、无逐行比对）'}"
            lines.append(
                f"| {backend} | 导入：行/秒（墙钟） | {ours['rows_per_s']:,.0f}（{ours['rows']:,} 行） | "
                f"{dje['rows_per_s']:,.0f}（{who}，{dje['rows']:,} 行） | "
                f"{ours['rows_per_s'] / dje['rows_per_s']:.1f}× | ≥ 5,000 行/秒，≥ 10× |"
            )
            lines.append(
                f"| {backend} | 导入：行/秒（按本进程 CPU 时间） | {ours['cpu_rows_per_s']:,.0f} | "
                f"{dje['cpu_rows_per_s']:,.0f}（{who}） | "
                f"{ours['cpu_rows_per_s'] / dje['cpu_rows_per_s']:.1f}× | |"
            )
            lines.append(
                f"| {backend} | 导入：峰值内存 RSS | {ours['rss_mb']:,.0f} MB | "
                f"{dje['rss_mb']:,.0f} MB（{who}） | | < 400 MB |"
            )
        lines += table_lines(backend, r)
    print("\n".join(lines))


# --- the workers: one measurement each, in a fresh process --------------------------------------------


def worker(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import people_list

    fn = {
        "setup": w_setup,
        "import_ours": w_import_ours,
        "import_dje": w_import_dje,
        "clear": w_clear,
        "populate": people_list.w_populate,
        "list": people_list.w_list,
        "search": people_list.w_search,
    }[args.worker]
    print(json.dumps(fn(args)))
    return 0


def w_setup(args) -> dict:
    from django.core.management import call_command

    from fulian.accounts.models import User
    from fulian.core.roles import Role
    from fulian.orgs.models import Level, Membership, OrgUnit

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    province = OrgUnit.add_root(name="四川省", level=Level.PROVINCE, code="51")
    city = province.add_child(name="达州市", level=Level.CITY, code="5117")
    county = city.add_child(name="万源市", level=Level.COUNTY, code="511781")
    town = county.add_child(name="竹峪镇", level=Level.TOWN, code="511781106")
    for i in range(VILLAGES):
        town.refresh_from_db()
        town.add_child(name=f"第{i + 1:02d}村", level=Level.VILLAGE, code=f"511781106{201 + i}")
    password = "bench-only"  # noqa: S105 (a throwaway database)
    chair = User.objects.create_user(username="bench_chair", password=password, display_name="镇主席")
    Membership.objects.create(user=chair, unit=town, role=Role.TOWN_CHAIR)
    User.objects.create_superuser(username="bench_admin", password=password, display_name="管理员")
    return {"seconds": round(time.perf_counter() - t, 1)}


def _chair():
    from fulian.accounts.models import User

    return User.objects.get(username="bench_chair")


def w_import_ours(args) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fulian.core.scoping import scope_for
    from fulian.core.spreadsheets import services
    from fulian.core.spreadsheets.spec import get_import_spec
    from fulian.people.models import Person

    chair = _chair()
    spec = get_import_spec("people")
    unit = scope_for(chair).units(spec.capability).first()
    before = rss_mb()
    data = Path(args.sheet).read_bytes()
    c = cpu_s()
    t = time.perf_counter()
    job = services.import_job_create(
        user=chair, spec=spec, unit=unit, upload=SimpleUploadedFile("people.xlsx", data)
    )
    t_checked = time.perf_counter()
    services.import_job_confirm(job=job)
    elapsed = time.perf_counter() - t
    job.refresh_from_db()
    assert job.status == "done", (job.status, job.message, job.errors[:3])
    rows = Person.objects.count()
    return {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "check_seconds": round(t_checked - t, 1),
        "rows_per_s": rows / elapsed,
        "cpu_rows_per_s": rows / (cpu_s() - c),
        "rss_mb": rss_mb(),
        "rss_before_mb": before,
        "reader_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def w_import_dje(args) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from fulian.orgs.models import OrgUnit
    from fulian.people.models import Person
    from fulian.people.services import person_fill_derived

    tuned = args.dje == "tuned"

    class VillageWidget(widgets.ForeignKeyWidget):
        """Tuned: the sheet's 20 village names looked up once each, not once per row."""

        cache: dict = {}

        def clean(self, value, row=None, **kwargs):
            if not tuned:
                return super().clean(value, row, **kwargs)
            if value not in self.cache:
                self.cache[value] = super().clean(value, row, **kwargs)
            return self.cache[value]

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        gender = fields.Field(attribute="gender", column_name="性别")
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget())
        id_number = fields.Field(attribute="id_number", column_name="居民身份证号")
        mobile = fields.Field(attribute="mobile", column_name="手机号码")
        village = fields.Field(
            attribute="village", column_name="所属村(社区)", widget=VillageWidget(OrgUnit, "name")
        )
        hukou_address = fields.Field(attribute="hukou_address", column_name="户籍地")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")

        class Meta:
            model = Person
            fields = ("name", "gender", "birth_date", "id_number", "mobile", "village", "hukou_address",
                      "ethnicity")  # fmt: skip
            import_id_fields = ("name", "birth_date")
            # Tuned as the documentation's "bulk imports" advises: one bulk_create per 2,000 rows, no
            # lookup of an existing instance per row (every row is new), no per-row diff. skip_unchanged
            # is left off: it needs the diff.
            use_bulk = tuned
            batch_size = 2000
            force_init_instance = tuned
            skip_diff = tuned
            skip_html_diff = tuned

        def before_save_instance(self, instance, row, **kwargs):
            # Same stored data as ours: gender code and the derived columns (hash, pinyin, path).
            instance.gender = {"女": "F", "男": "M"}.get(instance.gender, instance.gender)
            person_fill_derived(instance)

    sheet = Path(getattr(args, "dje_sheet", None) or args.sheet)
    before = rss_mb()
    c = cpu_s()
    t = time.perf_counter()
    with open(sheet, "rb") as f:
        dataset = tablib.Dataset().load(f, format="xlsx")
    result = PersonResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    elapsed = time.perf_counter() - t
    rows = Person.objects.count()
    assert not result.has_errors()
    return {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "rows_per_s": rows / elapsed,
        "cpu_rows_per_s": rows / (cpu_s() - c),
        "rss_mb": rss_mb(),
        "rss_before_mb": before,
    }


def w_clear(args) -> dict:
    from django.db import connection

    from fulian.people.models import Person, PersonCategory, Relation

    if connection.vendor == "postgresql":
        # TRUNCATE, not DELETE: after a bulk load without ANALYZE, the deferred foreign-key checks of a
        # DELETE of 100,000 people are planned for an empty table and walk a whole index per row (the
        # clear after django-import-export's tuned run took over 8 minutes).
        tables = ", ".join(m._meta.db_table for m in (Relation, PersonCategory, Person))
        with connection.cursor() as c:
            c.execute(f"TRUNCATE {tables} CASCADE")
        return {}
    Relation.objects.all().delete()
    PersonCategory.objects.all().delete()
    with connection.cursor() as c:
        c.execute(f"DELETE FROM {Person._meta.db_table}")
    return {}
