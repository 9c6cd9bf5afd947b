"""Restore a backup made by `manage.py backup` — destructive: the target database's content is replaced.

Selects: every table of the target database (the default one, or --target URL, e.g. a new database or
cluster). A dry run unless --commit is given: it reads the manifest, checks the backup file and says what
would be replaced. After restoring, every table is checked against the manifest's row counts and checksums.
Stop the web server and the task workers first. See docs/deploy.md, "Backups".
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fulian.core import backup, crypto


class Command(BaseCommand):
    help = (
        "从 manage.py backup 的备份恢复数据库（会覆盖目标数据库的全部数据）。默认只试运行；"
        "加 --commit 才真正恢复。恢复后逐表核对行数与校验值。"
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_file", help="备份文件（旁边须有同名 .json 说明文件）")
        parser.add_argument(
            "--target", help="恢复到另一个数据库：postgres://… 或 sqlite:///路径（默认当前数据库）"
        )
        parser.add_argument("--commit", action="store_true", help="真正恢复（否则只试运行）")

    def handle(self, *args, backup_file: str, target: str | None = None, commit: bool = False, **options):
        path = Path(backup_file)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            manifest, problems = backup.restore(path, target_url=target, commit=commit)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        data = manifest.data
        rows = sum(t["rows"] for t in data["tables"].values())
        where = target or "当前数据库"
        self.stdout.write(
            f"备份 {path.name}：{data['vendor']}，{data['finished_at'][:19]} 完成，"
            f"{len(data['tables'])} 张表、{rows} 行"
        )
        self._check_keys(data.get("key_ids", []))
        if not commit:
            self.stdout.write(f"（试运行：备份文件完好。加 --commit 将用它覆盖 {where} 的全部数据）")
            return
        if problems:
            raise CommandError("恢复后与备份不一致：\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(f"已恢复到 {where}：{len(data['tables'])} 张表逐一核对，与备份一致")
        )
        self.stdout.write("如果代码比备份新，请接着运行 manage.py migrate。")

    def _check_keys(self, needed: list[str]) -> None:
        try:
            have = set(crypto.keyring().keys)
        except Exception as exc:  # no key configured at all
            have = set()
            self.stdout.write(self.style.ERROR(f"无法读取字段加密密钥：{exc}"))
        missing = [k for k in needed if k not in have]
        if missing:
            self.stdout.write(
                self.style.ERROR(
                    f"本机缺少密钥 {'、'.join(missing)}：恢复后用这些密钥加密的数据将无法读取。"
                    "请先找回并配置这些密钥。"
                )
            )
        self.stdout.write(self.style.WARNING(backup.KEY_WARNING.format(key_file=backup.key_file())))
