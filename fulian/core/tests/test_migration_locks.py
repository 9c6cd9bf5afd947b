"""No migration takes a long lock on a big table unless it is on the documented allow-list
(fulian/core/migration_locks.py; docs/deploy.md, "Upgrades without downtime")."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fulian.core.management.commands import migration_locks as command
from fulian.core.migration_locks import ALLOWED, long_locks, migration_statements, report

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the lock analysis reads the SQL PostgreSQL is sent"
)


@pytest.fixture(scope="module")
def sql(django_db_setup, django_db_blocker):
    """Every migration's statements, collected once for the module (it takes a while)."""
    if connection.vendor != "postgresql":
        return []
    with django_db_blocker.unblock():
        return migration_statements(connection)


@postgres_only
def test_every_migration_is_listed_with_its_locks_and_none_is_unallowed(sql):
    """What `manage.py migration_locks --all` prints (it collects the same statements)."""
    lines, bad = report(sql, show_all=True)
    text = "\n".join(lines)
    assert bad == 0
    assert "people.0007_search_by_mobile_and_chinese_name：4 条语句，0 条长时间锁表" in text
    assert len(sql) > 25
    assert all(f"{app}.{name}：" in text for app, name, _ in sql)


def test_the_command_refuses_sqlite_and_names_an_unallowed_lock(db):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("migration_locks")
        return
    bad = [("people", "9999_x", ['CREATE INDEX "i" ON "people_person" ("name");'])]
    with (
        mock.patch.object(command, "migration_statements", return_value=bad),
        pytest.raises(CommandError, match="1 条语句会在大表上长时间锁表"),
    ):
        call_command("migration_locks", stdout=StringIO())


@postgres_only
def test_the_allow_list_names_only_migrations_that_still_need_it(sql):
    needed = set()
    for app, name, statements in sql:
        if any(
            lock.allowed and lock.allowed == ALLOWED.get((app, name))
            for lock in long_locks(app, name, statements)
        ):
            needed.add((app, name))
    assert set(ALLOWED) == needed


@postgres_only
def test_the_registry_migration_builds_its_indexes_concurrently(sql):
    statements = {(a, n): s for a, n, s in sql}[("people", "0007_search_by_mobile_and_chinese_name")]
    creates = [s for s in statements if s.upper().startswith("CREATE")]
    assert len(creates) == 2
    assert all("CREATE INDEX CONCURRENTLY" in s for s in creates)
    assert any(s.startswith("DROP INDEX CONCURRENTLY") for s in statements)
    assert long_locks("people", "0007", statements) == []


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ('CREATE INDEX "i" ON "people_person" ("name");', "CONCURRENTLY"),
        ('CREATE UNIQUE INDEX "i" ON "people_person" ("name");', "CONCURRENTLY"),
        ('CREATE INDEX CONCURRENTLY "i" ON "people_person" ("name");', None),
        ('ALTER TABLE "people_person" ADD COLUMN "t" timestamptz DEFAULT now() NOT NULL;', "易变默认值"),
        ('ALTER TABLE "people_person" ADD COLUMN "t" varchar(8) DEFAULT \'\' NOT NULL;', None),
        ('ALTER TABLE "people_person" ALTER COLUMN "name" TYPE varchar(80);', "改列类型"),
        ('ALTER TABLE "people_person" ALTER COLUMN "name" SET NOT NULL;', "SET NOT NULL"),
        (
            'ALTER TABLE "people_person" ADD CONSTRAINT "f" FOREIGN KEY ("v") REFERENCES "x" ("id");',
            "NOT VALID",
        ),
        (
            'ALTER TABLE "people_person" ADD CONSTRAINT "f" FOREIGN KEY ("v") REFERENCES "x" NOT VALID;',
            None,
        ),
        ('UPDATE "people_person" SET "notes" = \'\';', "整张表"),
        ('UPDATE "people_person" SET "notes" = \'\' WHERE "id" < 1000;', None),
        ('ALTER TABLE "people_person" DROP COLUMN "t" CASCADE;', None),
    ],
)
def test_the_rules_flag_the_statements_that_lock_and_pass_the_others(statement, reason):
    locks = long_locks("people", "9999_x", [statement])
    if reason is None:
        assert locks == []
    else:
        assert len(locks) == 1
        assert reason in locks[0].reason
        assert locks[0].table == "people_person"
        assert locks[0].allowed == ""  # a big table, a migration not on the list


def test_locks_on_a_table_the_migration_creates_or_on_a_small_table_are_allowed():
    created = long_locks(
        "people",
        "9999_x",
        ['CREATE TABLE "people_x" ("id" bigint);', 'CREATE INDEX "i" ON "people_x" ("id");'],
    )
    assert created[0].allowed == "本迁移新建的表，尚无数据"
    assert (
        long_locks("reports", "9999_x", ['CREATE INDEX "i" ON "reports_planitem" ("unit_id");'])[0].allowed
        == "小表"
    )
