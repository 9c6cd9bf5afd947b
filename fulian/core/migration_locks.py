"""Which statements of each migration hold a long lock on a big table (PostgreSQL).

An upgrade without downtime runs `migrate` while the previous release keeps serving (docs/deploy.md,
"Upgrades without downtime"). A statement that locks a table for as long as it reads or rewrites every row
blocks every request that writes (or, for some, reads) that table meanwhile: minutes on the registry of a
province. `migration_statements()` collects the SQL each migration of the project's apps sends to
PostgreSQL (what `manage.py sqlmigrate` prints, for all of them in one pass) and `long_locks()` finds:

- CREATE INDEX without CONCURRENTLY (writes blocked until it is built) — use
  `fulian.core.migration_ops.AddIndexConcurrently`;
- ADD COLUMN with a volatile default (now(), random(), a sequence): every row is rewritten;
- ALTER COLUMN … TYPE (a rewrite, under an exclusive lock), SET NOT NULL (a full scan, exclusive);
- ADD CONSTRAINT / REFERENCES without NOT VALID (every row checked under the lock);
- VACUUM FULL, CLUSTER, LOCK TABLE, and UPDATE/DELETE of a whole big table in one statement.

Only tables that grow with the records count (`BIG_TABLES`); a migration that ran while those tables were
still empty, or that is otherwise safe, is listed in `ALLOWED` with the reason. `manage.py migration_locks`
prints the report; `fulian/core/tests/test_migration_locks.py` fails on anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.migrations.executor import MigrationExecutor

# Tables whose rows grow with the people served and the work recorded (millions at a province's scale).
BIG_TABLES = frozenset(
    {
        "orgs_orgunit",  # the whole country: 665,276 units
        "people_person",
        "people_personcategory",
        "people_relation",
        "activities_activity",
        "activities_activity_participants",
        "activities_activityquantity",
        "aid_application",
        "aid_disbursement",
        "aid_disbursementitem",
        "care_volunteer",
        "care_pairing",
        "care_visit",
        "health_screening",
        "employment_trainee",
        "employment_entrepreneur",
        "employment_loan",
        "cases_caseevent",
        "surveys_response",
        "surveys_answer",
        "core_accesslog",
        "auditlog_logentry",
    }
)

_BEFORE_RELEASE = "运行于首次发布之前：当时各表为空"
# Migrations allowed to hold a long lock on a big table, with the reason. (Locks on tables a migration
# creates itself, and on small tables, need no entry.) From the first release on, a new entry needs a
# reason of its own — the table is known to be small, or the step is rehearsed and timed on a copy.
ALLOWED: dict[tuple[str, str], str] = {
    ("care", "0002_village_path"): _BEFORE_RELEASE,
    ("employment", "0002_unit_paths"): _BEFORE_RELEASE,
    ("health", "0002_screening_aid_application"): _BEFORE_RELEASE,
    ("health", "0003_unit_paths"): _BEFORE_RELEASE,
    ("people", "0003_person_name_index"): _BEFORE_RELEASE,
    ("people", "0004_list_walk_indexes"): _BEFORE_RELEASE,
    ("people", "0005_lean_indexes"): _BEFORE_RELEASE,
    ("people", "0006_import_lean_indexes"): _BEFORE_RELEASE,
}

_TABLE = r'(?:"?(?P<table>\w+)"?)'
RULES: list[tuple[re.Pattern, str]] = [
    (
        re.compile(rf"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)\S+\s+ON\s+{_TABLE}", re.I),
        "CREATE INDEX 未使用 CONCURRENTLY：建索引期间该表不能写入",
    ),
    (
        re.compile(
            rf"^ALTER\s+TABLE\s+{_TABLE}.*ADD\s+COLUMN.*DEFAULT\s+\(?\s*"
            r"(?:now\(|current_timestamp|clock_timestamp|random\(|gen_random_uuid|uuid_generate|nextval)",
            re.I | re.S,
        ),
        "ADD COLUMN 带易变默认值：重写整张表",
    ),
    (
        re.compile(rf"^ALTER\s+TABLE\s+{_TABLE}.*ALTER\s+COLUMN\s+\S+\s+TYPE\b", re.I | re.S),
        "改列类型：重写整张表",
    ),
    (
        re.compile(rf"^ALTER\s+TABLE\s+{_TABLE}.*SET\s+NOT\s+NULL", re.I | re.S),
        "SET NOT NULL：持排他锁扫描全表",
    ),
    (
        re.compile(
            rf"^ALTER\s+TABLE\s+{_TABLE}(?!.*NOT\s+VALID).*(?:ADD\s+CONSTRAINT|REFERENCES)", re.I | re.S
        ),
        "加约束/外键未用 NOT VALID：持锁逐行校验",
    ),
    (re.compile(rf"^(?:VACUUM\s+FULL|CLUSTER|LOCK\s+TABLE)\s+{_TABLE}", re.I), "整表锁定"),
    (
        re.compile(rf"^(?:UPDATE|DELETE\s+FROM)\s+{_TABLE}(?!.*\bWHERE\b)", re.I | re.S),
        "一条语句更新/删除整张表",
    ),
]


@dataclass(frozen=True)
class Lock:
    app: str
    migration: str
    table: str
    reason: str
    statement: str

    new_table: bool = False  # created by the same migration: empty while it is locked

    @property
    def allowed(self) -> str:
        """Why this lock is acceptable, or "" when it is not."""
        if self.new_table:
            return "本迁移新建的表，尚无数据"
        if self.table not in BIG_TABLES:
            return "小表"
        return ALLOWED.get((self.app, self.migration), "")


def project_apps() -> set[str]:
    from django.apps import apps

    return {c.label for c in apps.get_app_configs() if c.name.startswith("fulian.")}


def migration_statements(connection) -> list[tuple[str, str, list[str]]]:
    """(app, migration, SQL statements) for every migration of the project's apps, in the order `migrate`
    applies them to an empty database: one pass, carrying the project state from one to the next."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    ours = project_apps()
    out = []
    state = None
    for migration, _ in plan:
        if state is None:
            state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
            state = migration.apply(state, editor, collect_sql=True)
        if migration.app_label in ours:
            statements = [s.strip() for s in editor.collected_sql if s.strip() and not s.startswith("--")]
            out.append((migration.app_label, migration.name, statements))
    return out


_CREATE_TABLE = re.compile(rf"^CREATE\s+TABLE\s+{_TABLE}", re.I)


def long_locks(app: str, migration: str, statements: list[str]) -> list[Lock]:
    """The statements that lock a table while they read or rewrite all of it."""
    created = {m.group("table") for s in statements if (m := _CREATE_TABLE.search(s))}
    found = []
    for statement in statements:
        for pattern, reason in RULES:
            m = pattern.search(statement)
            if m:
                table = m.group("table")
                found.append(Lock(app, migration, table, reason, statement, new_table=table in created))
                break
    return found


def report(sql: list[tuple[str, str, list[str]]], *, show_all: bool = False) -> tuple[list[str], int]:
    """The report `manage.py migration_locks` prints (lines), and the number of locks not allowed."""
    lines, bad = [], 0
    for app, name, statements in sql:
        locks = long_locks(app, name, statements)
        shown = [lock for lock in locks if show_all or not lock.allowed]
        bad += sum(1 for lock in locks if not lock.allowed)
        if not shown and not show_all:
            continue
        lines.append(f"{app}.{name}：{len(statements)} 条语句，{len(locks)} 条长时间锁表")
        for lock in shown:
            verdict = f"允许（{lock.allowed}）" if lock.allowed else "不允许"
            lines.append(f"  [{verdict}] {lock.table}：{lock.reason}\n      {lock.statement[:160]}")
    return lines, bad
