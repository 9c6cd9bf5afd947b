"""List, for each migration of the project's apps, the statements that hold a long lock on a table.

Selects: every migration of the fulian apps, as its SQL for PostgreSQL (what sqlmigrate prints). Reads
nothing from the data and changes nothing. See fulian/core/migration_locks.py and docs/deploy.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fulian.core.migration_locks import migration_statements, report


class Command(BaseCommand):
    help = "列出每个迁移中会长时间锁表的语句（PostgreSQL），并注明允许的理由；默认只列大表上的。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="也列出小表上的和已允许的")

    def handle(self, *args, **options):
        show_all = options["all"]
        if connection.vendor != "postgresql":
            raise CommandError("锁分析针对 PostgreSQL 的语句：请在 DATABASE_URL 指向 PostgreSQL 时运行")
        lines, bad = report(migration_statements(connection), show_all=show_all)
        for line in lines:
            self.stdout.write(line)
        if bad:
            raise CommandError(f"{bad} 条语句会在大表上长时间锁表，且不在允许清单中")
        self.stdout.write("没有未获允许的长时间锁表语句。")
