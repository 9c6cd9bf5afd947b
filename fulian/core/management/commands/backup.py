"""Back up the database: pg_dump (custom format) on PostgreSQL, the online backup API on SQLite.

Selects: every table of the default database, from one consistent snapshot while the server keeps running.
Writes the backup and its manifest (`<file>.json`: row counts, checksums, the encryption key ids the data
needs). The field-encryption keys are never written into a backup. See docs/deploy.md, "Backups".
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from fulian.core import backup


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL 用 pg_dump 自定义格式，SQLite 用在线备份接口），并在旁边写一份说明文件"
        "（各表行数与校验值）。备份中不含字段加密密钥。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="备份文件路径（默认 VAR_DIR/backups/fulian-日期-时间.dump|.sqlite3）"
        )
        parser.add_argument(
            "--no-checksums", action="store_true", help="只记录各表行数，不计算校验值（大库更快）"
        )

    def handle(self, *args, output: str | None = None, no_checksums: bool = False, **options):
        vendor = connections["default"].vendor
        path = Path(output) if output else backup.default_output(vendor)
        try:
            manifest = backup.backup(path, checksums=not no_checksums)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        data = manifest.data
        rows = sum(t["rows"] for t in data["tables"].values())
        self.stdout.write(
            f"已备份 {len(data['tables'])} 张表、{rows} 行到 {path}（{data['bytes'] / 1e6:.1f} MB）；"
            f"说明文件 {manifest.path}"
        )
        if data["key_ids"]:
            self.stdout.write(f"加密数据使用的密钥编号：{'、'.join(data['key_ids'])}")
        self.stdout.write(self.style.WARNING(backup.KEY_WARNING.format(key_file=backup.key_file())))
