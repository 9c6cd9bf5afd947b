"""Backups of the database and their restore (`manage.py backup`, `manage.py restore`; docs/deploy.md).

- PostgreSQL: `pg_dump` in its custom format, from the same snapshot as the manifest's checksums
  (`pg_export_snapshot()` + `pg_dump --snapshot`); restored with `pg_restore --clean --single-transaction`.
- SQLite: the online backup API (a consistent copy while the server runs), restored the same way.

Beside each backup lies a manifest (`<backup>.json`): when and from what it was made, each table's row count
and checksum, and the ids of the field-encryption keys its encrypted values need. The keys themselves are
never in a backup: without them the ID numbers, mobiles, notes and case texts it holds cannot be read.

Checksums are computed the same way on both databases: every row of every table in primary-key order,
each value in a canonical text form, through SHA-256 (`table_checksums`).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import ConnectionHandler
from django.utils import timezone

from . import crypto

KEY_WARNING = (
    "注意：备份中不含字段加密密钥（FULIAN_FIELD_KEY 或密钥文件 {key_file}）。"
    "没有这些密钥，备份中的身份证号、手机号、备注和维权案件内容等加密数据将无法读取。"
    "请把密钥另行保存在安全的地方，不要与备份文件放在一起。"
)


PG_DUMP_ARGS = ["--format=custom", "--no-owner", "--no-privileges"]
# All or nothing: the tables are dropped and recreated in one transaction, which fails as a whole.
PG_RESTORE_ARGS = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                   "--exit-on-error"]  # fmt: skip


PG_DUMP_ARGS = ["--format=custom", "--no-owner", "--no-privileges"]
# All or nothing: the tables are dropped and recreated in one transaction, which fails as a whole.
PG_RESTORE_ARGS = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                   "--exit-on-error"]  # fmt: skip


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


# --- checksums ------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _encrypted_columns() -> dict[str, set[str]]:
    """table -> columns holding encrypted values (their key ids go into the manifest)."""
    out: dict[str, set[str]] = {}
    for model in apps.get_models():
        columns = {f.column for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)}
        if columns:
            out.setdefault(model._meta.db_table, set()).update(columns)
    return out


def table_checksums(connection) -> tuple[dict[str, dict], list[str]]:
    """({table: {"rows": n, "sha256": hex}}, key ids used) for every table of the database."""
    quote = connection.ops.quote_name
    encrypted = _encrypted_columns()
    key_ids: set[str] = set()
    out: dict[str, dict] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        layout = {}
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            pk = connection.introspection.get_primary_key_column(cursor, table)
            layout[table] = (columns, pk)
    for table in tables:
        columns, pk = layout[table]
        secret = [i for i, c in enumerate(columns) if c in encrypted.get(table, ())]
        order = quote(pk) if pk else ", ".join(quote(c) for c in columns)
        digest, n = hashlib.sha256(), 0
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY {order}"  # noqa: S608
            )
            while rows := cursor.fetchmany(5000):
                for row in rows:
                    digest.update(("\x1f".join(_text(v) for v in row) + "\x1e").encode())
                    for i in secret:
                        if row[i]:
                            key_ids.add(crypto.key_id_of(row[i]))
                n += len(rows)
        out[table] = {"rows": n, "sha256": digest.hexdigest()}
    key_ids.discard("")
    return out, sorted(key_ids)


def differences(expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    """The tables whose rows or checksum differ, in Chinese, one line each."""
    lines = []
    for table in sorted(set(expected) | set(found)):
        a, b = expected.get(table), found.get(table)
        if a is None:
            lines.append(f"{table}：备份中没有这张表")
        elif b is None:
            lines.append(f"{table}：恢复后缺少这张表")
        elif a != b:
            lines.append(f"{table}：备份 {a['rows']} 行，恢复后 {b['rows']} 行，校验值不同")
    return lines


# --- where things are -----------------------------------------------------------------------------------


def key_file() -> str:
    """Where the field keys live, for the warning (never read here)."""
    if os.environ.get("FULIAN_FIELD_KEY"):
        return "环境变量 FULIAN_FIELD_KEY"
    return os.environ.get("FULIAN_FIELD_KEY_FILE") or str(crypto.default_key_file())


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from PG_BIN_DIR, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = [os.environ.get("PG_BIN_DIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    for folder in candidates:
        if folder and os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（postgresql-client），或设置 PG_BIN_DIR")
    return found


def _version(path: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in Path(path).parent.name.split("."))


def _pg_env(settings_dict: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, [*args, "--dbname", settings_dict["NAME"]]


def target_connection(url: str | None):
    """A connection to where a restore goes: the default database, or another one named by URL (a new
    database or cluster) — `postgres://…` or `sqlite:///path`."""
    if not url:
        return connections["default"]
    from config.settings import database_from_url

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "sqlite"}:
        raise BackupError(f"--target 的数据库类型不受支持：{parsed.scheme}")
    handler = ConnectionHandler({"default": database_from_url(url)})
    return handler["default"]


@dataclass
class Manifest:
    path: Path
    data: dict

    @classmethod
    def read(cls, backup: Path) -> Manifest:
        path = backup.with_name(backup.name + ".json")
        if not path.exists():
            raise BackupError(f"找不到备份说明文件 {path}：恢复需要它来核对每张表")
        return cls(path, json.loads(path.read_text(encoding="utf-8")))


# --- backup ---------------------------------------------------------------------------------------------


def backup(output: Path, *, checksums: bool = True) -> Manifest:
    """Write a backup of the default database to `output` and its manifest beside it."""
    connection = connections["default"]
    output.parent.mkdir(parents=True, exist_ok=True)
    keys_at = Path(key_file())
    if keys_at.is_file() and keys_at.resolve().parent == output.resolve().parent:
        raise BackupError(f"备份不能与密钥文件放在同一目录（{keys_at.parent}）：请换一个目录")
    started = timezone.now()
    if connection.vendor == "postgresql":
        tables, key_ids = _backup_postgres(connection, output, checksums)
    elif connection.vendor == "sqlite":
        tables, key_ids = _backup_sqlite(connection, output, checksums)
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    data = {
        "format": 1,
        "vendor": connection.vendor,
        "file": output.name,
        "bytes": output.stat().st_size,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "migrations": _migrations(connection),
        "key_ids": key_ids,
        "tables": tables,
    }
    manifest = Manifest(output.with_name(output.name + ".json"), data)
    manifest.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _backup_postgres(connection, output: Path, checksums: bool):
    """pg_dump from the snapshot of a repeatable-read transaction in which the checksums are computed."""
    if connection.in_atomic_block:
        raise BackupError("备份不能在事务中进行")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        env, target = _pg_env(connection.settings_dict)
        dump = subprocess.Popen(  # noqa: S603 - a fixed program and arguments, no shell
            [pg_tool("pg_dump"), *PG_DUMP_ARGS, f"--snapshot={snapshot}", "--file", str(output), *target],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            result = table_checksums(connection) if checksums else _counts(connection)
        finally:
            _, err = dump.communicate()
        if dump.returncode:
            raise BackupError(f"pg_dump 失败：{err.strip()[:500]}")
    return result


def _backup_sqlite(connection, output: Path, checksums: bool):
    connection.ensure_connection()
    tmp = output.with_name(output.name + ".part")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(tmp, output)
    copy = target_connection(f"sqlite:///{output}")
    try:
        return table_checksums(copy) if checksums else _counts(copy)
    finally:
        copy.close()


def _counts(connection) -> tuple[dict[str, dict], list[str]]:
    quote = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            out[table] = {"rows": cursor.fetchone()[0]}
    return out, []


def _migrations(connection) -> dict[str, str]:
    """The last applied migration of each app."""
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return dict(cursor.fetchall())


# --- restore --------------------------------------------------------------------------------------------


def restore(backup_path: Path, *, target_url: str | None, commit: bool) -> tuple[Manifest, list[str]]:
    """Replace the target database's content by the backup's; then check every table against the
    manifest. Without `commit` nothing is changed: the manifest is read and the backup file checked.
    Returns the manifest and the differences found after restoring (empty: identical)."""
    manifest = Manifest.read(backup_path)
    connection = target_connection(target_url)
    if manifest.data["vendor"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest.data['vendor']}，目标数据库是 {connection.vendor}")
    if not commit:
        if connection.vendor == "postgresql":
            _run([pg_tool("pg_restore"), "--list", str(backup_path)], "pg_restore --list")
        else:
            _sqlite_integrity(backup_path)
        return manifest, []
    connection.close()
    if connection.vendor == "postgresql":
        env, target = _pg_env(connection.settings_dict)
        _run(
            [pg_tool("pg_restore"), *PG_RESTORE_ARGS, *target, str(backup_path)],
            "pg_restore",
            env=env,
        )
    else:
        _sqlite_integrity(backup_path)
        source = sqlite3.connect(backup_path)
        dest = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(dest)
        finally:
            source.close()
            dest.close()
    checked = "sha256" in next(iter(manifest.data["tables"].values()), {})
    found, _ = table_checksums(connection) if checked else _counts(connection)
    connection.close()
    return manifest, differences(manifest.data["tables"], found)


def _sqlite_integrity(path: Path) -> None:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        db.close()
    if verdict != "ok":
        raise BackupError(f"备份文件已损坏：{verdict}")


def _run(cmd: list[str], what: str, env: dict | None = None) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{what} 失败：{done.stderr.strip()[:500]}")
    return done.stdout


def default_output(vendor: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return Path(settings.VAR_DIR) / "backups" / f"fulian-{stamp}.{suffix}"
