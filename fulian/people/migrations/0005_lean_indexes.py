"""Fewer indexes to maintain on every imported row.

- village_path: one index with the pattern operator class (the LIKE of the scoping policy) instead of a
  plain one and a pattern one on PostgreSQL.
- person_name_like (name LIKE '张%'): kept on PostgreSQL, where the search in Chinese needs it, but left
  out of the model's state and dropped on SQLite, where it only repeated (name, birth date).
"""

from django.db import migrations, models


def drop_name_like_off_postgres(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_like")


def restore_name_like_off_postgres(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute('CREATE INDEX person_name_like ON people_person ("name")')


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_list_walk_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveIndex(model_name="person", name="person_name_like")],
            database_operations=[
                migrations.RunPython(drop_name_like_off_postgres, restore_name_like_off_postgres),
            ],
        ),
        migrations.AlterField(
            model_name="person",
            name="village_path",
            field=models.CharField(editable=False, max_length=255),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["village_path"], name="person_village_path", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
