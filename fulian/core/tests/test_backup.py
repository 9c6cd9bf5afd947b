"""`manage.py backup` / `restore`: a round trip onto a new database gives identical table checksums, on
SQLite (online backup API) and on PostgreSQL (pg_dump / pg_restore); the keys are never in a backup."""

import json
import uuid
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fulian.core import backup, crypto
from fulian.people.tests.factories import PersonFactory, add_category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def records(cast):
    people = [PersonFactory(village=cast.village_a1, mobile=f"1391234567{i}") for i in range(3)]
    add_category(people[0], "poor_mother")
    return people


@pytest.fixture
def new_database(tmp_path):
    """The URL of an empty database: a new PostgreSQL database on the test server, or a new SQLite file."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"fulian_restore_{uuid.uuid4().hex[:8]}"
    s = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_round_trip_onto_a_new_database_gives_identical_table_checksums(
    records, tmp_path, new_database
):
    path = tmp_path / "backups" / "fulian.dump"
    out = run("backup", "--output", str(path))
    assert "备份中不含字段加密密钥" in out
    assert "无法读取" in out
    source, key_ids = backup.table_checksums(connection)
    manifest = json.loads(path.with_name("fulian.dump.json").read_text(encoding="utf-8"))
    assert manifest["tables"] == source
    assert manifest["tables"]["people_person"]["rows"] == 3
    assert manifest["key_ids"] == key_ids == [crypto.keyring().current]

    # the dry run reads the backup and changes nothing
    out = run("restore", str(path), "--target", new_database)
    assert "试运行" in out
    target = backup.target_connection(new_database)
    assert backup.table_checksums(target)[0] == {}
    target.close()

    out = run("restore", str(path), "--target", new_database, "--commit")
    assert "逐一核对，与备份一致" in out
    target = backup.target_connection(new_database)
    try:
        assert backup.table_checksums(target)[0] == source
    finally:
        target.close()


def test_the_keys_are_never_inside_a_backup(records, tmp_path):
    path = tmp_path / "fulian.dump"
    run("backup", "--output", str(path))
    raw = path.read_bytes() + path.with_name("fulian.dump.json").read_bytes()
    ring = crypto.keyring()
    for secret in [*ring.keys.values(), ring.hash_key]:
        assert crypto._b64encode(secret).encode() not in raw
        assert secret not in raw


def test_a_backup_is_refused_beside_the_key_file(records, tmp_path):
    keys = tmp_path / "field_keys.json"
    keys.write_text("{}")
    with (
        mock.patch.object(backup, "key_file", return_value=str(keys)),
        pytest.raises(CommandError, match="同一目录"),
    ):
        run("backup", "--output", str(tmp_path / "fulian.dump"))
    assert not (tmp_path / "fulian.dump").exists()


def test_restore_warns_about_keys_it_lacks_and_fails_on_a_mismatch(records, tmp_path, new_database):
    path = tmp_path / "fulian.dump"
    run("backup", "--output", str(path))
    manifest_path = path.with_name("fulian.dump.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["key_ids"].append("k9")
    manifest["tables"]["people_person"]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert "本机缺少密钥 k9" in run("restore", str(path), "--target", new_database)
    with pytest.raises(CommandError, match="people_person：备份 3 行，恢复后 3 行，校验值不同"):
        run("restore", str(path), "--target", new_database, "--commit")


def test_restore_without_its_manifest_or_onto_another_kind_of_database_is_refused(records, tmp_path):
    path = tmp_path / "fulian.dump"
    run("backup", "--output", str(path))
    other = (
        "postgres://u@127.0.0.1:1/x" if connection.vendor == "sqlite" else f"sqlite:///{tmp_path / 'x.db'}"
    )
    with pytest.raises(CommandError, match="目标数据库是"):
        run("restore", str(path), "--target", other)
    path.with_name("fulian.dump.json").unlink()
    with pytest.raises(CommandError, match="找不到备份说明文件"):
        run("restore", str(path), "--target", other)


def test_checksums_see_a_changed_value(records):
    before, _ = backup.table_checksums(connection)
    records[1].notes = "改过"
    records[1].save()
    after, _ = backup.table_checksums(connection)
    assert backup.differences(before, after) == ["people_person：备份 3 行，恢复后 3 行，校验值不同"]
