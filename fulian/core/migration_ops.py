"""Migration operations that take no long lock on a big table (docs/deploy.md, "Upgrades without downtime").

On PostgreSQL `CREATE INDEX` blocks every write to the table until the index is built — minutes on the
registry at a province's size. These operations build and drop indexes CONCURRENTLY there (PostgreSQL's own
`AddIndexConcurrently` / `RemoveIndexConcurrently`), and fall back to the ordinary operation on SQLite, where
a migration runs while the single server is stopped anyway. A migration using them sets `atomic = False`
(PostgreSQL cannot build an index concurrently inside a transaction):

    from fulian.core.migration_ops import AddIndexConcurrently

    class Migration(migrations.Migration):
        atomic = False
        operations = [AddIndexConcurrently("person", models.Index(fields=["mobile_hash"], name="…"))]

`fulian/core/tests/test_migration_locks.py` fails on a plain `AddIndex` (and on the other statements that
hold a long lock) for a big table, unless the migration is on its documented allow-list.
"""

from __future__ import annotations

from django.contrib.postgres import operations as pg
from django.db.migrations.operations import AddIndex, RemoveIndex


def _on_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class _Concurrently(pg.NotInTransactionMixin):
    def _ensure_not_in_transaction(self, schema_editor):
        # Printing the SQL (sqlmigrate, manage.py migration_locks) runs nothing: no transaction to refuse.
        if not schema_editor.collect_sql:
            super()._ensure_not_in_transaction(schema_editor)


class AddIndexConcurrently(_Concurrently, pg.AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, the ordinary CREATE INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveIndexConcurrently(_Concurrently, pg.RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL, the ordinary DROP INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
