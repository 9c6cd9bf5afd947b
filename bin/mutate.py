"""Mutation testing of the rule modules with mutmut (run through `bin/mutate`; docs/testing.md).

MODULES below is the one list of what is mutated and which tests cover each module. When a module is split
into a package, replace its line with one line per new module (same tests). The run happens in `.mutate/`
(git-ignored): mutmut copies the project into `.mutate/mutants/`, collects which test reaches which
function, then runs, for each mutant, only the tests that reach its function.

Databases: each mutant runs in a forked process that starts pytest again. Creating the test database by
migrations would cost about 12 s a mutant, so the run migrates one SQLite file once and every mutant's
pytest works on its own copy of it (`--reuse-db`; the small plugin written to `.mutate/mutate_db.py`).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutate"

# module → (the functions whose mutants count, the tests that cover them). Functions are mutmut's names:
# `x_<function>` or `xǁ<Class>ǁ<method>`, "*" for every function of the module. mutmut then runs, for each
# mutant, only those of the tests that reach its function. mutmut mutates the bodies of functions, not
# module-level constants and not functions under a decorator other than @staticmethod/@classmethod (so not
# `@property`, `@transaction.atomic` services, `@scope_rule` rules): those are held by the boundary tests.
ALL = ("*",)
MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fulian/core/idcard.py": (ALL, ("fulian/core/tests/test_idcard.py", "fulian/core/tests/test_oracles.py")),
    "fulian/core/masking.py": (ALL, ("fulian/core/tests/test_oracles.py",)),
    "fulian/core/formatting.py": (
        ALL,
        (
            "fulian/core/tests/test_formatting.py",
            "fulian/core/tests/test_oracles.py",
            "fulian/core/tests/test_formatting_table.py",
        ),
    ),
    "fulian/assessment/algorithms.py": (
        ALL,
        ("fulian/assessment/tests/test_algorithms.py", "fulian/assessment/tests/test_algorithm_vectors.py"),
    ),
    # scoping: its own tests and the hand-worked table (the URL walk of test_policy_coverage.py and the
    # case pages of cases/test_confidentiality.py reach it too, at up to a minute a mutant)
    "fulian/core/scoping.py": (
        ALL,
        (
            "fulian/core/tests/test_scoping.py",
            "fulian/core/tests/test_scoping_rules.py",
            "fulian/care/tests/test_volunteer_scope.py",
        ),
    ),
    # cases: the small-count rule and the deadlines (selectors); add_months and an order's limits (models)
    "fulian/cases/selectors.py": (
        ("x_small_count", "x_suppress", "x_due_items"),
        (
            "fulian/cases/tests/test_small_counts.py",
            "fulian/cases/tests/test_boundaries.py",
            "fulian/cases/tests/test_protection_orders.py",
            "fulian/cases/tests/test_due_rules.py",
        ),
    ),
    "fulian/cases/models/case.py": (
        ("x_add_months",),
        ("fulian/cases/tests/test_boundaries.py", "fulian/cases/tests/test_protection_orders.py"),
    ),
    "fulian/cases/models/handling.py": (
        ("xǁProtectionMeasureǁ*",),
        ("fulian/cases/tests/test_boundaries.py", "fulian/cases/tests/test_protection_orders.py"),
    ),
    # aid: no payment before the 公示 is over (models); the figures, 人 and 人次 (selectors)
    "fulian/aid/models.py": (
        ("xǁDisbursementǁclean", "xǁNoticeǁclean", "xǁProgrammeǁclean"),
        (
            "fulian/aid/tests/test_boundaries.py",
            "fulian/aid/tests/test_workflow.py",
            "fulian/aid/tests/test_programme_range.py",
        ),
    ),
    "fulian/core/publicnotice.py": (
        (
            "xǁNoticeBaseǁclean",
            "x_default_period",
            "x_publish",
            "x_require_published",
            "x_record_objection",
            "x_resolve_objection",
            "x_draft",
            "x_publish_listed",
            "x_object_to",
            "x_resolve",
            "x_public_notice_or_404",
        ),
        (
            "fulian/core/tests/test_publicnotice_rules.py",
            "fulian/honours/tests/test_publicnotice.py",
            "fulian/aid/tests/test_boundaries.py",
            "fulian/aid/tests/test_workflow.py",
            "fulian/aid/tests/test_api_notices.py",
        ),
    ),
    "fulian/aid/selectors.py": (
        ("x_figures", "x__children", "x_counted_rows"),
        (
            "fulian/aid/tests/test_figures_rules.py",
            "fulian/aid/tests/test_workflow.py",
            "fulian/reports/tests/test_counting.py",
        ),
    ),
    "fulian/core/ledgers.py": (
        ALL,
        (
            "fulian/core/tests/test_ledgers_rules.py",
            "fulian/core/tests/test_ledgers_totals.py",
            "fulian/reports/tests/test_counting.py",
            "fulian/care/tests",
            "fulian/health/tests",
        ),
    ),
    "fulian/activities/selectors.py": (
        ("x_figures",),
        ("fulian/activities/tests", "fulian/reports/tests/test_counting.py"),
    ),
    "fulian/care/selectors.py": (("x_figures",), ("fulian/care/tests",)),
    "fulian/health/selectors.py": (("x_figures",), ("fulian/health/tests",)),
    "fulian/employment/selectors.py": (("x_figures",), ("fulian/employment/tests",)),
    # the engine's own tests (the import pages' and the fault tests reach it too, at a minute a mutant)
    "fulian/core/spreadsheets/engine.py": (
        ALL,
        (
            "fulian/core/spreadsheets/tests/test_engine.py",
            "fulian/core/spreadsheets/tests/test_engine_rules.py",
        ),
    ),
}

# Mutants that cannot change behaviour, each with its reason (docs/testing.md lists them too). Names come
# from mutmut (`<module>.x_<function>__mutmut_<n>`; methods `xǁClassǁmethod__mutmut_<n>`) and change when
# the function changes: `bin/mutate` then reports the mutant as a survivor, to be looked at again.
EQUIVALENT: dict[str, str] = {
    # scoping: `everywhere` answers whether she is a superuser, whatever the capability
    **{
        f"fulian.core.scoping.xǁScopeǁ{method}__mutmut_{n}": "everywhere(None): it ignores its capability"
        for method, n in (("covers", 1), ("has", 2), ("q", 3), ("units", 2))
    },
    "fulian.core.scoping.xǁScopeǁ__init____mutmut_6": "getattr(…, None) for False: both bool() to False",
    "fulian.core.formatting.x__trim__mutmut_9": "rstrip('XX0XX'): a number's text has no X",
    "fulian.core.formatting.x__trim__mutmut_10": "rstrip('XX.XX'): a number's text has no X",
    "fulian.core.formatting.x_approx__mutmut_4": "n <= 1000: 1000 is exact either way (1000)",
    "fulian.core.formatting.x_approx__mutmut_5": "n < 1001: 1000 is exact either way (1000)",
    "fulian.core.formatting.x_percent__mutmut_16": "Decimal(2).scaleb(-p): only the exponent counts",
    "fulian.core.formatting.x_share__mutmut_13": "Decimal(2).scaleb(-places): only the exponent counts",
    "fulian.core.formatting.x_change__mutmut_1": "default kind 'XXcountXX': any kind but money/share counts",
    "fulian.core.formatting.x_change__mutmut_2": "default kind 'COUNT': any kind but money/share is a count",
    "fulian.core.formatting.x_wan__mutmut_13": "quantize(Decimal(2)): only the exponent counts",
    "fulian.core.formatting.x_wan__mutmut_17": "Decimal(2).scaleb(-places): only the exponent counts",
    "fulian.assessment.algorithms.x_allocate__mutmut_33": (
        "base < size guard: while rest > 0 the strata with a positive remainder (all below their size) come "
        "first and there are more of them than rest"
    ),
    "fulian.assessment.algorithms.x_count_for_ratio__mutmut_2": "total < 0: total 0 gives ⌈0⌉ = 0 anyway",
    "fulian.assessment.algorithms.x_count_for_ratio__mutmut_4": "ratio < 0: ratio 0 gives ⌈0⌉ = 0 anyway",
    "fulian.assessment.algorithms.x_derangement__mutmut_30": "zip strict=None: both lists have one length",
    "fulian.assessment.algorithms.x_derangement__mutmut_33": "zip without strict: both lists have one length",
    "fulian.assessment.algorithms.x_derangement__mutmut_34": "zip strict=False: both lists have one length",
    "fulian.assessment.algorithms.xǁHashStreamǁ__init____mutmut_5": "buffer None: `not None` like `not []`",
    "fulian.assessment.algorithms.xǁHashStreamǁnext64__mutmut_11": "int.from_bytes's default order is big",
    "fulian.core.ledgers.x_covers__mutmut_4": "everywhere(None): it ignores its capability",
    "fulian.core.ledgers.x_up_and_down_q__mutmut_1": "everywhere(None): it ignores its capability",
    "fulian.core.ledgers.x_family_totals__mutmut_60": "' group by 1': SQL keywords are case-insensitive",
    "fulian.core.ledgers.x_family_totals__mutmut_69": "zip strict=None: one column per metric",
    "fulian.core.ledgers.x_family_totals__mutmut_72": "zip without strict: one column per metric",
    "fulian.core.ledgers.x_family_totals__mutmut_73": "zip strict=False: one column per metric",
    "fulian.core.ledgers.xǁPathCopiedǁsave__mutmut_4": (
        "super().save(**kwargs) without *args: Django 5.2 takes save()'s options by keyword (positional "
        "ones are deprecated) and the project passes none positionally"
    ),
    # activities.figures(group_by_child=True): one row per slot per query (one group per child's path, one
    # for the unit's own; a row's path is a copy of an existing unit's, units are never moved and a unit
    # with rows is PROTECTed), so `d.get(<any key>, 0) + …` starts from nothing either way …
    **{
        f"fulian.activities.selectors.x_figures__mutmut_{n}": "d.get(<another key>, 0): one row per slot"
        for n in (96, 100, 101, 109, 113, 114, 122, 126, 127, 175)
    },
    # … and a group has at least one row, whose participant_count and money_spent are NOT NULL
    "fulian.activities.selectors.x_figures__mutmut_78": "Coalesce(Sum(…), None) by child: never NULL",
    "fulian.activities.selectors.x_figures__mutmut_84": "Coalesce(Sum(…), 1) by child: never NULL",
    "fulian.activities.selectors.x_figures__mutmut_132": "row['m'] or 1 by child: never NULL",
    "fulian.cases.models.case.x_add_months__mutmut_23": (
        "raise ValueError(None): never reached, every month has a 28th (the loop returns by then)"
    ),
    "fulian.cases.models.handling.xǁProtectionMeasureǁclean__mutmut_16": (
        "timezone.localdate(None) is localdate(timezone.now()): the `now` read one line before"
    ),
    # engine.chunks: the header found names at least one column, so `columns` is never empty (the default
    # of next() is never used); the first-column test only shortcuts the all-columns test after it.
    **{
        f"fulian.core.spreadsheets.engine.x_chunks__mutmut_{n}": "columns never empty: next()'s default"
        for n in (18, 20, 22)
    },
    "fulian.core.spreadsheets.engine.x_chunks__mutmut_40": (
        "first_key is not None (always true): the first-column shortcut skipped, the all-columns test decides"
    ),
    # aid figures without grouping: the headline is one aggregate, which always answers one row, and add()
    # writes each headline key (and aid.applications when asked) from it, so result[None] and every zero
    # key already exist: the default of get() and of setdefault() is never used.
    **{
        f"fulian.aid.selectors.x_figures__mutmut_{n}": "ungrouped: one aggregate row, every key added"
        for n in (259, 261, 263, 265, 266)
    },
    # cases.due_items: filters that every record the services write already meets (order_apply alone sets
    # decision_due_at; order_decide keeps valid_until for a granted order only; warning_record sets neither)
    "fulian.cases.selectors.x_due_items__mutmut_11": "pending, kind=ORDER dropped: only orders have one",
    "fulian.cases.selectors.x_due_items__mutmut_54": "ending, kind=ORDER dropped: no warning has one",
    "fulian.cases.selectors.x_due_items__mutmut_55": "ending without GRANTED: only a granted order keeps one",
    "fulian.cases.selectors.x_due_items__mutmut_112": "isnull=False dropped: NULL <= day is not true",
    "fulian.core.spreadsheets.engine.x_chunks__mutmut_65": "`formulas or True`: {}.get(n, ()) is () too",
    "fulian.core.spreadsheets.engine.x_chunks__mutmut_67": "formulas.get(n, None): None acts as ()",
    "fulian.core.spreadsheets.engine.x_chunks__mutmut_69": "formulas.get(n): None acts as () in build_row",
}

PLUGIN = '''"""Each mutant's pytest works on its own copy of a database migrated once (by bin/mutate)."""
import os
import shutil


def pytest_sessionstart(session):
    from django.conf import settings

    template = os.environ["FULIAN_MUTATE_DB"]
    mine = f"{template}.{os.getpid()}"
    shutil.copyfile(template, mine)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = mine
    session.config._fulian_mutate_db = mine


def pytest_unconfigure(config):
    mine = getattr(config, "_fulian_mutate_db", None)
    if mine:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(mine + suffix):
                os.remove(mine + suffix)
'''

LINKED = ("fulian", "config", "conftest.py", "manage.py", "templates", "static", "docs")
COPY = (*LINKED[1:], "mutate_db.py")


def resolves(ref: str) -> bool:
    """Whether git knows `ref` here (a shallow clone has no parent commit)."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=ROOT, capture_output=True
    )
    return found.returncode == 0


def changed_modules(ref: str) -> list[str]:
    out = subprocess.run(
        ["git", "diff", "--name-only", f"{ref}...HEAD", "--"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    out += subprocess.run(
        ["git", "diff", "--name-only"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    return [m for m in MODULES if m in set(out)]


def prepare(modules: list[str]) -> None:
    if (WORK / "mutants").exists():
        shutil.rmtree(WORK / "mutants")  # mutmut keeps copies it has made: start clean, every file fresh
    WORK.mkdir(exist_ok=True)
    for name in LINKED:
        link = WORK / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    (WORK / "mutate_db.py").write_text(PLUGIN)
    tests = sorted({t for m in modules for t in MODULES[m][1]})
    base = (ROOT / "pyproject.toml").read_text()

    def toml_list(items) -> str:
        return "[" + ", ".join(json.dumps(str(i)) for i in items) + "]"

    (WORK / "pyproject.toml").write_text(
        base
        + "\n[tool.mutmut]\n"
        + 'source_paths = ["fulian"]\n'
        + f"only_mutate = {toml_list(modules)}\n"
        + f"also_copy = {toml_list(COPY)}\n"
        + 'pytest_add_cli_args = ["-n", "0", "-p", "mutate_db", "--reuse-db", "-W", "ignore"]\n'
        + f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        + "timeout_multiplier = 5.0\n"
        + "use_git_change_detection = false\n"
    )
    template = WORK / "template.sqlite3"
    template.unlink(missing_ok=True)
    for stale in WORK.glob("template.sqlite3.*"):  # the copies of mutants killed by the timeout
        stale.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


KILLED = {1, 3, 36, 24, -24, 152, 255}  # mutmut's exit codes for a failing test run and for a timeout


def patterns(module: str) -> list[str]:
    """mutmut's mutant-name globs for the counted functions of a module."""
    dotted = module.removesuffix(".py").replace("/", ".")
    return [f"{dotted}.{function}__mutmut_*" for function in MODULES[module][0]]


def scores(modules: list[str]) -> list[tuple[str, int, int, int, list[str], int]]:
    """(module, mutants, killed, equivalent, survivors, not run) per module, from mutmut's results.

    A mutant mutmut never ran (its exit code is None: the run stopped, or mutmut gave up before the first
    mutant because the tests failed without any mutant) is neither killed nor a survivor: it is counted
    apart, and the module has no score until it is run."""
    rows = []
    for module in modules:
        meta = WORK / "mutants" / f"{module}.meta"
        if not meta.exists():
            rows.append((module, 0, 0, 0, [], 0))
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        codes = {k: c for k, c in codes.items() if any(fnmatch.fnmatchcase(k, p) for p in patterns(module))}
        not_run = [k for k, c in codes.items() if c is None and k not in EQUIVALENT]
        # a listed equivalent counts neither way, even when some run recorded it as killed
        killed = [k for k, c in codes.items() if c in KILLED and k not in EQUIVALENT]
        equivalent = [k for k in codes if k in EQUIVALENT]
        survivors = sorted(k for k in codes if k not in killed and k not in equivalent and k not in not_run)
        rows.append((module, len(codes), len(killed), len(equivalent), survivors, len(not_run)))
    return rows


def report(rows, *, budget_hit: bool = False) -> bool:
    """Print the table (as in docs/testing.md); True when every module kills at least 90 %. When the run
    was stopped by --budget, a module not run to the end passes if the mutants that did run score 90 %."""
    ok = True
    print("\n| module | mutants | killed | equivalent | survived | score |")
    print("|---|---:|---:|---:|---:|---:|")
    for module, total, killed, equivalent, survivors, not_run in rows:
        counted = total - equivalent
        if not total:  # a renamed module or function: nothing was mutated, which is not a score
            ok = False
            print(f"| `{module}` | 0 | — | — | — | 没有变异体：请核对 MODULES 中的函数名 |")
            continue
        if not_run and budget_hit:  # stopped by the time budget: judge the mutants that ran
            ran = killed + len(survivors)
            so_far = 100.0 * killed / ran if ran else 100.0
            ok &= so_far >= 90
            counts = f"{total} | {killed} | {equivalent} | {len(survivors)}"
            print(f"| `{module}` | {counts} | 时限内运行 {ran}/{total}，其中 {so_far:.1f} % 被发现 |")
            continue
        if not_run:  # never "survived": a mutant that did not run says nothing about the tests
            ok = False
            ran = total - not_run
            counts = f"{total} | {killed} | {equivalent} | {len(survivors)}"
            print(f"| `{module}` | {counts} | 未完成：{ran}/{total} 已运行 |")
            continue
        score = 100.0 * killed / counted if counted else 100.0
        ok &= score >= 90
        print(f"| `{module}` | {total} | {killed} | {equivalent} | {len(survivors)} | {score:.1f} % |")
    for *_, survivors, _not_run in rows:
        for name in survivors:
            print(f"survived: {name}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules of the list (default: all)")
    parser.add_argument(
        "--changed", nargs="?", const="main", metavar="REF", help="modules that differ from REF"
    )
    parser.add_argument(
        "--survivors", action="store_true", help="show the diff of every survivor of the last run"
    )
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument(
        "--budget", type=int, metavar="SECONDS", help="stop mutmut after this long and judge what ran (CI)"
    )
    args = parser.parse_args()
    mutmut = [str(Path(sys.executable).with_name("mutmut"))]
    if args.survivors:
        for *_, survivors, _not_run in scores(list(MODULES)):
            for name in survivors:
                subprocess.run([*mutmut, "show", name], cwd=WORK, check=False)
        return 0
    missing = [m for m in MODULES if not (ROOT / m).exists()]
    if missing:  # a module was split or moved: its line in MODULES must follow it
        print(f"bin/mutate.py 的模块表中有不存在的文件：{', '.join(missing)}", file=sys.stderr)
        return 2
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        print(f"不在 bin/mutate.py 的模块表中：{', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.changed and not resolves(args.changed):
        print(f"无法确定改动的基准 {args.changed}（浅克隆或没有上一次提交），跳过变异测试。")
        return 0
    modules = changed_modules(args.changed) if args.changed else (args.modules or list(MODULES))
    if not modules:
        print("没有改动的规则模块，无需变异测试。")
        return 0
    prepare(modules)
    env = {**os.environ, "FULIAN_MUTATE_DB": str(WORK / "template.sqlite3"), "PYTHONHASHSEED": "0"}
    log = WORK / "run.log"
    print(f"变异测试：{len(modules)} 个模块，进度见 {log.relative_to(ROOT)}")
    with log.open("w") as out:
        cmd = [
            *mutmut,
            "run",
            "--max-children",
            str(args.max_children),
            *[p for m in modules for p in patterns(m)],
        ]
        proc = subprocess.Popen(
            cmd, cwd=WORK, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            returncode = proc.wait(timeout=args.budget)
            budget_hit = False
        except subprocess.TimeoutExpired:  # the budget is spent: stop mutmut and its children, judge what ran
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            returncode, budget_hit = 0, True
            print(f"已用完时限 {args.budget} 秒，停止变异测试，按已运行的变异体计分。")
    ok = report(scores(modules), budget_hit=budget_hit)
    if returncode:  # e.g. "Failed to run clean test": the tests fail with no mutant at all
        print(
            f"mutmut 异常结束（退出码 {returncode}），未运行的变异体不计分；"
            f"原因见 {log.relative_to(ROOT)} 末尾"
        )
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
