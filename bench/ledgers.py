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
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
SIZES = {  # rows at --scale 1
    "people": 200_000,
    "activities": 50_000,
    "aid_applications": 100_000,
    "aid_disbursements": 100_000,
    "volunteers": 3_000,
    "pairings": 6_000,
    "visits": 60_000,
    "screenings": 40_000,
    "trainings": 600,
    "trainees": 20_000,
    "fairs": 120,
    "employers": 1_200,
    "entrepreneurs": 3_000,
    "loans": 1_500,
}
TOWNS, VILLAGES_PER_TOWN = 30, 10


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
    measurements, missing = measure(world, args.runs)
    print(
        json.dumps(
            {"rows": world["rows"], "load_s": load_s, "measurements": measurements, "missing": missing}
        )
    )
    return 0


def _bulk(model, objs, batch=5000):
    model.objects.bulk_create(objs, batch_size=batch)
    return list(model.objects.order_by("id").values_list("id", flat=True))


def _day(rnd) -> date:
    return START + timedelta(days=rnd.randrange(365))


def generate(rnd, sizes) -> dict:
    """A county year, inserted directly with bulk_create (the services are not what is measured)."""
    from fulian.accounts.models import User
    from fulian.core.roles import Role
    from fulian.orgs.models import Level, Membership, OrgUnit
    from fulian.people.models import Person

    province = OrgUnit.add_root(name="四川省", level=Level.PROVINCE, code="51")
    city = province.add_child(name="达州市", level=Level.CITY, code="5117")
    county = city.add_child(name="万源市", level=Level.COUNTY, code="511781")
    towns, villages = [], []
    for t in range(TOWNS):
        county.refresh_from_db()
        town = county.add_child(name=f"镇{t + 1:02d}", level=Level.TOWN, code=f"511781{100 + t:03d}")
        towns.append(town)
        for v in range(VILLAGES_PER_TOWN):
            town.refresh_from_db()
            villages.append(
                town.add_child(
                    name=f"村{t + 1:02d}-{v + 1:02d}",
                    level=Level.VILLAGE,
                    code=f"511781{100 + t:03d}{200 + v:03d}",
                )
            )
    user = User.objects.create_user(username="bench_county", password="x" * 12, display_name="县妇联")
    Membership.objects.create(user=user, unit=county, role=Role.COUNTY_STAFF)

    people = []
    for _ in range(sizes["people"]):
        v = rnd.choice(villages)
        female = rnd.random() < 0.8
        people.append(
            Person(
                name="测试" + str(rnd.randrange(10**6)),
                gender="F" if female else "M",
                birth_date=date(rnd.randrange(1950, 2022), rnd.randrange(1, 13), rnd.randrange(1, 29)),
                village_id=v.id,
                village_path=v.path,
            )
        )
    person_ids = _bulk(Person, people)
    person_village = dict(Person.objects.values_list("id", "village_id"))
    person_path = {v.id: v.path for v in villages}
    rows = {"villages": len(villages), "people": len(person_ids)}
    ctx = {
        "rnd": rnd,
        "sizes": sizes,
        "county": county,
        "towns": towns,
        "villages": villages,
        "user": user,
        "person_ids": person_ids,
        "person_village": person_village,
        "path_of": person_path,
        "rows": rows,
    }
    for gen in (gen_care, gen_health, gen_employment, gen_activities, gen_aid):
        gen(ctx)
    return {"county": county, "town": towns[0], "user": user, "rows": rows}


def gen_care(c) -> None:
    from fulian.care.models import Pairing, Visit, Volunteer

    rnd, s = c["rnd"], c["sizes"]
    picks = rnd.sample(c["person_ids"], s["volunteers"] + s["pairings"])
    vols = [
        Volunteer(person_id=pid, village_id=c["person_village"][pid], registered_on=date(2020, 1, 1))
        for pid in picks[: s["volunteers"]]
    ]
    vol_ids = _bulk(Volunteer, vols)
    pairs = []
    for child in picks[s["volunteers"] :]:
        started = _day(rnd) - timedelta(days=rnd.randrange(700))
        ended = started + timedelta(days=rnd.randrange(30, 500)) if rnd.random() < 0.3 else None
        pairs.append(
            Pairing(
                volunteer_id=rnd.choice(vol_ids),
                child_id=child,
                village_id=c["person_village"][child],
                started_on=started,
                ended_on=ended,
                reason="父母外出务工",
                frequency=30,
                next_visit_due=started + timedelta(days=30),
            )
        )
    pair_ids = _bulk(Pairing, pairs)
    village_of = dict(Pairing.objects.values_list("id", "village_id"))
    kinds = ["home", "home", "phone", "video", "group"]
    visits = [
        Visit(
            pairing_id=(pid := rnd.choice(pair_ids)),
            village_id=village_of[pid],
            visited_on=_day(rnd),
            kind=rnd.choice(kinds),
            notes="走访",
            needs_found="学习用品" if rnd.random() < 0.2 else "",
        )
        for _ in range(s["visits"])
    ]
    _bulk(Visit, visits)
    c["rows"].update(volunteers=len(vol_ids), pairings=len(pair_ids), visits=len(visits))


def gen_health(c) -> None:
    from fulian.health.models import Campaign, Screening, ScreeningCount

    rnd, s = c["rnd"], c["sizes"]
    campaigns = [
        Campaign.objects.create(
            name=f"{YEAR}年两癌筛查", unit=c["county"], started_on=START, ended_on=END, target_count=30_000
        )
    ]
    for town in c["towns"]:
        campaigns.append(
            Campaign.objects.create(
                name=f"{town.name}妇科病普查",
                kind="gynaecological",
                unit=town,
                started_on=START,
                ended_on=END,
                target_count=500,
            )
        )
    results = ["normal"] * 90 + ["abnormal"] * 7 + ["positive"] * 2 + ["pending"]
    screenings = []
    for pid in rnd.sample(c["person_ids"], s["screenings"]):
        result = rnd.choice(results)
        positive = result == "positive"
        screenings.append(
            Screening(
                campaign=rnd.choice(campaigns),
                person_id=pid,
                village_id=c["person_village"][pid],
                screened_on=_day(rnd),
                age=45,
                result=result,
                referred_to="市中心医院" if positive else "",
                treatment="done" if positive and rnd.random() < 0.5 else "",
                free_surgery=positive and rnd.random() < 0.3,
            )
        )
    _bulk(Screening, screenings)
    counts = [
        ScreeningCount(
            campaign=campaigns[0],
            village=v,
            reported_on=_day(rnd),
            screened=(n := rnd.randrange(20, 200)),
            abnormal=n // 10,
            positive=n // 100,
            free_surgeries=0,
        )
        for v in c["villages"]
    ]
    _bulk(ScreeningCount, counts)
    c["rows"].update(screenings=len(screenings), screening_counts=len(counts))


def gen_employment(c) -> None:
    from fulian.employment.models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

    rnd, s = c["rnd"], c["sizes"]
    units = [c["county"], *c["towns"]]
    tr_ids = _bulk(
        Training,
        [
            Training(title="技能培训", unit=rnd.choice(units), started_on=(d := _day(rnd)), ended_on=d)
            for _ in range(s["trainings"])
        ],
    )
    trainees = {}
    while len(trainees) < s["trainees"]:
        key = (rnd.choice(tr_ids), rnd.choice(c["person_ids"]))
        trainees[key] = Trainee(
            training_id=key[0],
            person_id=key[1],
            village_id=c["person_village"][key[1]],
            certified=rnd.random() < 0.4,
        )
    _bulk(Trainee, list(trainees.values()))
    fair_ids = _bulk(
        JobFair,
        [
            JobFair(
                title="招聘会", unit=rnd.choice(units), held_on=_day(rnd), attendees=rnd.randrange(50, 500)
            )
            for _ in range(s["fairs"])
        ],
    )
    _bulk(
        FairEmployer,
        [
            FairEmployer(
                fair_id=rnd.choice(fair_ids),
                name=f"企业{i}",
                posts_offered=(n := rnd.randrange(1, 50)),
                hires=rnd.randrange(0, n + 1),
            )
            for i in range(s["employers"])
        ],
    )
    ent_people = rnd.sample(c["person_ids"], s["entrepreneurs"])
    ent_ids = _bulk(
        Entrepreneur,
        [
            Entrepreneur(
                person_id=p,
                village_id=c["person_village"][p],
                kind="graduate",
                business_name="网店",
                started_on=_day(rnd) - timedelta(days=rnd.randrange(1000)),
            )
            for p in ent_people
        ],
    )
    ent_village = dict(Entrepreneur.objects.values_list("id", "village_id"))
    loans = []
    for _ in range(s["loans"]):
        e = rnd.choice(ent_ids)
        repaid = rnd.random() < 0.3
        loans.append(
            Loan(
                entrepreneur_id=e,
                village_id=ent_village[e],
                amount=Decimal(rnd.randrange(10, 30) * 5000),
                bank="农商银行",
                granted_on=_day(rnd),
                repaid=repaid,
                repaid_on=END if repaid else None,
            )
        )
    _bulk(Loan, loans)
    c["rows"].update(
        trainings=len(tr_ids),
        trainees=len(trainees),
        fairs=len(fair_ids),
        entrepreneurs=len(ent_ids),
        loans=len(loans),
    )


def gen_activities(c) -> None:
    try:
        from fulian.activities.models import Activity, ActivityQuantity, ActivityType, QuantityKind
    except ImportError:
        return
    rnd, s = c["rnd"], c["sizes"]
    types = list(ActivityType.objects.all()) or [ActivityType.objects.create(code="sanba", name="三八节")]
    kinds = list(QuantityKind.objects.all()) or [
        QuantityKind.objects.create(code="leaflet", name="宣传资料", unit="份")
    ]
    units = [c["county"], *c["towns"], *c["villages"]]
    acts = []
    for _ in range(s["activities"]):
        u = rnd.choice(units)
        d = _day(rnd)
        acts.append(
            Activity(
                type=rnd.choice(types),
                title="活动",
                start_date=d,
                end_date=d,
                unit=u,
                unit_path=u.path,
                participant_count=rnd.randrange(5, 300),
                money_spent=Decimal(rnd.randrange(0, 5000)),
            )
        )
    ids = _bulk(Activity, acts)
    quantities = [
        ActivityQuantity(activity_id=a, kind=rnd.choice(kinds), amount=rnd.randrange(10, 1000))
        for a in rnd.sample(ids, len(ids) // 2)
    ]
    _bulk(ActivityQuantity, quantities)
    c["rows"].update(activities=len(ids), activity_quantities=len(quantities))


def gen_aid(c) -> None:
    try:
        from fulian.aid.models import Application, Disbursement, Programme
    except ImportError:
        return
    from django.utils import timezone

    rnd, s = c["rnd"], c["sizes"]
    county = c["county"]
    programmes = [
        Programme.objects.create(
            code=code,
            name=name,
            unit=county,
            unit_path=county.path,
            year=YEAR,
            budget=Decimal("5000000"),
            min_amount=lo,
            max_amount=hi,
        )
        for code, name, lo, hi in [
            ("poor_mother", "贫困母亲救助", Decimal(300), Decimal(1000)),
            ("two_cancers", "两癌救助", Decimal(10000), Decimal(10000)),
            ("festival", "节日慰问", Decimal(100), Decimal(500)),
        ]
    ]
    tz = timezone.get_current_timezone()
    apps = []
    for _ in range(s["aid_applications"]):
        pid = rnd.choice(c["person_ids"])
        prog = rnd.choice(programmes)
        v = c["person_village"][pid]
        apps.append(
            Application(
                programme=prog,
                person_id=pid,
                village_id=v,
                village_path=c["path_of"][v],
                amount=prog.min_amount,
                status="disbursed",
                submitted_at=datetime.combine(_day(rnd), datetime.min.time(), tzinfo=tz),
            )
        )
    app_ids = _bulk(Application, apps)
    info = {
        a: (p, per, vp, amt)
        for a, p, per, vp, amt in Application.objects.values_list(
            "id", "programme_id", "person_id", "village_path", "amount"
        )
    }
    disb = []
    for a in app_ids[: s["aid_disbursements"]]:
        prog, pid, vp, amount = info[a]
        disb.append(
            Disbursement(
                application_id=a,
                programme_id=prog,
                person_id=pid,
                village_path=vp,
                amount=amount,
                kind="cash" if rnd.random() < 0.7 else "in_kind",
                paid_on=_day(rnd),
                status="active" if rnd.random() < 0.97 else "cancelled",
            )
        )
    _bulk(Disbursement, disb)
    c["rows"].update(aid_applications=len(app_ids), aid_disbursements=len(disb))


# --- measuring ---------------------------------------------------------------------------------------

LEDGERS = ["care", "health", "employment", "activities", "aid"]


def measure(world, runs: int) -> tuple[list[dict], list[str]]:
    import importlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out, missing = [], []
    user = world["user"]
    for name in LEDGERS:
        try:
            selectors = importlib.import_module(f"fulian.{name}.selectors")
        except ImportError:
            missing.append(name)
            continue
        if not hasattr(selectors, "figures"):
            missing.append(name)
            continue
        for label, unit in (
            ("县 " + world["county"].name, world["county"]),
            ("镇 " + world["town"].name, world["town"]),
        ):

            def fig(unit=unit, selectors=selectors):
                return selectors.figures(user=user, unit=unit, start=START, end=END)

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


def _rows(connection, sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _one(connection, sql, params) -> tuple:
    return _rows(connection, sql, params)[0]


J = "JOIN orgs_orgunit o ON o.id = {alias}.{fk}"


def bare_care(cn, path):
    like = path + "%"
    (v,) = _one(
        cn,
        f"SELECT COUNT(*) FROM care_volunteer x {J.format(alias='x', fk='village_id')} "
        "WHERE o.path LIKE %s AND x.registered_on <= %s AND (x.left_on IS NULL OR x.left_on >= %s)",
        [like, END, START],
    )
    p = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.started_on >= %s THEN 1 END), "
        "COUNT(CASE WHEN x.ended_on <= %s THEN 1 END), COUNT(DISTINCT x.child_id) "
        f"FROM care_pairing x {J.format(alias='x', fk='village_id')} WHERE o.path LIKE %s "
        "AND x.started_on <= %s AND (x.ended_on IS NULL OR x.ended_on >= %s)",
        [START, END, like, END, START],
    )
    vis = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.kind = 'home' THEN 1 END), "
        "COUNT(CASE WHEN x.needs_found <> '' THEN 1 END) "
        f"FROM care_visit x {J.format(alias='x', fk='village_id')} "
        "WHERE o.path LIKE %s AND x.visited_on BETWEEN %s AND %s",
        [like, START, END],
    )
    return {
        "care.volunteers": v,
        "care.pairings.active": p[0],
        "care.pairings.new": p[1],
        "care.pairings.ended": p[2],
        "care.children": p[3],
        "care.visits": vis[0],
        "care.visits.home": vis[1],
        "care.visits.with_needs": vis[2],
    }


def bare_health(cn, path):
    like = path + "%"
    c = _one(
        cn,
        f"SELECT COUNT(*), SUM(x.target_count) FROM health_campaign x {J.format(alias='x', fk='unit_id')} "
        "WHERE o.path LIKE %s AND x.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    s = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.result = 'abnormal' THEN 1 END), "
        "COUNT(CASE WHEN x.result = 'positive' THEN 1 END), COUNT(CASE WHEN x.referred_to <> '' THEN 1 END), "
        "COUNT(CASE WHEN x.treatment IN ('ongoing', 'done') THEN 1 END), "
        "COUNT(CASE WHEN x.free_surgery THEN 1 END) "
        f"FROM health_screening x {J.format(alias='x', fk='village_id')} "
        "WHERE o.path LIKE %s AND x.screened_on BETWEEN %s AND %s",
        [like, START, END],
    )
    n = _one(
        cn,
        "SELECT SUM(x.screened), SUM(x.abnormal), SUM(x.positive), SUM(x.free_surgeries) "
        f"FROM health_screeningcount x {J.format(alias='x', fk='village_id')} "
        "WHERE o.path LIKE %s AND x.reported_on BETWEEN %s AND %s",
        [like, START, END],
    )
    n = [v or 0 for v in n]
    return {
        "health.campaigns": c[0],
        "health.target": c[1] or 0,
        "health.screened": s[0] + n[0],
        "health.screened.persons": s[0],
        "health.screened.counted": n[0],
        "health.abnormal": s[1] + n[1],
        "health.positive": s[2] + n[2],
        "health.referred": s[3],
        "health.treated": s[4],
        "health.free_surgeries": s[5] + n[3],
    }


def bare_employment(cn, path):
    like = path + "%"
    (tr,) = _one(
        cn,
        f"SELECT COUNT(*) FROM employment_training x {J.format(alias='x', fk='unit_id')} "
        "WHERE o.path LIKE %s AND x.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    te = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.certified THEN 1 END) FROM employment_trainee x "
        "JOIN employment_training t ON t.id = x.training_id "
        f"{J.format(alias='x', fk='village_id')} "
        "WHERE o.path LIKE %s AND t.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    f = _one(
        cn,
        f"SELECT COUNT(*), SUM(x.attendees) FROM employment_jobfair x {J.format(alias='x', fk='unit_id')} "
        "WHERE o.path LIKE %s AND x.held_on BETWEEN %s AND %s",
        [like, START, END],
    )
    e = _one(
        cn,
        "SELECT COUNT(*), SUM(x.posts_offered), SUM(x.hires) FROM employment_fairemployer x "
        f"JOIN employment_jobfair f ON f.id = x.fair_id {J.format(alias='f', fk='unit_id')} "
        "WHERE o.path LIKE %s AND f.held_on BETWEEN %s AND %s",
        [like, START, END],
    )
    en = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.started_on >= %s THEN 1 END) FROM employment_entrepreneur x "
        f"{J.format(alias='x', fk='village_id')} WHERE o.path LIKE %s AND x.started_on <= %s",
        [START, like, END],
    )
    lo = _one(
        cn,
        "SELECT COUNT(*), SUM(x.amount), COUNT(CASE WHEN x.repaid THEN 1 END) FROM employment_loan x "
        f"{J.format(alias='x', fk='village_id')} WHERE o.path LIKE %s AND x.granted_on BETWEEN %s AND %s",
        [like, START, END],
    )
    return {
        "employment.trainings": tr,
        "employment.trainees": te[0],
        "employment.trainees.certified": te[1],
        "employment.fairs": f[0],
        "employment.fair_attendees": f[1] or 0,
        "employment.employers": e[0],
        "employment.posts": e[1] or 0,
        "employment.hires": e[2] or 0,
        "employment.entrepreneurs": en[0],
        "employment.entrepreneurs.new": en[1],
        "employment.loans": lo[0],
        "employment.loan_amount": lo[1] or 0,
        "employment.loans.repaid": lo[2],
    }


def bare_activities(cn, path):
    like = path + "%"
    where = "a.unit_path LIKE %s AND a.start_date >= %s AND a.start_date <= %s"
    t = _one(
        cn,
        f"SELECT COUNT(*), COALESCE(SUM(a.participant_count), 0), SUM(a.money_spent) "
        f"FROM activities_activity a WHERE {where}",
        [like, START, END],
    )
    out = {"activities.count": t[0], "activities.participants": t[1], "activities.money": t[2] or 0}
    for code, n in _rows(
        cn,
        f"SELECT ty.code, COUNT(*) FROM activities_activity a JOIN activities_activitytype ty "
        f"ON ty.id = a.type_id WHERE {where} GROUP BY ty.code",
        [like, START, END],
    ):
        out[f"activities.count.{code}"] = n
    for code, n in _rows(
        cn,
        "SELECT k.code, SUM(q.amount) FROM activities_activityquantity q "
        "JOIN activities_quantitykind k ON k.id = q.kind_id "
        f"JOIN activities_activity a ON a.id = q.activity_id WHERE {where} GROUP BY k.code",
        [like, START, END],
    ):
        out[f"activities.quantity.{code}"] = n
    return out


def bare_aid(cn, path):
    from django.utils import timezone

    like = path + "%"
    where = "d.village_path LIKE %s AND d.status = 'active' AND d.paid_on >= %s AND d.paid_on <= %s"
    t = _one(
        cn,
        f"SELECT COUNT(DISTINCT d.person_id), SUM(d.amount), COUNT(*) FROM aid_disbursement d WHERE {where}",
        [like, START, END],
    )
    out = {"aid.persons": t[0], "aid.amount": t[1] or 0, "aid.count": t[2]}
    for kind, amount in _rows(
        cn,
        f"SELECT d.kind, SUM(d.amount) FROM aid_disbursement d WHERE {where} GROUP BY d.kind",
        [like, START, END],
    ):
        out[f"aid.amount.{kind}"] = amount
    for code, amount, persons in _rows(
        cn,
        "SELECT p.code, SUM(d.amount), COUNT(DISTINCT d.person_id) "
        "FROM aid_disbursement d JOIN aid_programme p ON p.id = d.programme_id "
        f"WHERE {where} GROUP BY p.code",
        [like, START, END],
    ):
        out[f"aid.amount.{code}"] = amount
        out[f"aid.persons.{code}"] = persons
    tz = timezone.get_current_timezone()
    lo = cn.ops.adapt_datetimefield_value(datetime.combine(START, datetime.min.time(), tzinfo=tz))
    hi = cn.ops.adapt_datetimefield_value(
        datetime.combine(END + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    )
    (n,) = _one(
        cn,
        "SELECT COUNT(*) FROM aid_application a WHERE a.village_path LIKE %s "
        "AND a.status NOT IN ('rejected', 'withdrawn') AND a.submitted_at >= %s AND a.submitted_at < %s",
        [like, lo, hi],
    )
    out["aid.applications"] = n
    return out


BARE = {
    "care": bare_care,
    "health": bare_health,
    "employment": bare_employment,
    "activities": bare_activities,
    "aid": bare_aid,
}
