"""The periodic clean-up of background jobs: `manage.py jobs_cleanup` (once), or `--every SECONDS` (a loop,
as bin/demo runs it). Run it from cron or a systemd timer in production (docs/deploy.md).

Fails the running steps whose worker stopped beating (fulian.core.jobs), expires imports that waited past
the retention period (IMPORT_RETENTION_HOURS, default 24) and deletes every upload whose job has ended."""

import time

from django.core.management.base import BaseCommand

from fulian.core import jobs


class Command(BaseCommand):
    help = "后台任务的定期清理：超时的任务标为失败，过期的导入删除上传的文件"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=float, default=0, help="每隔多少秒清理一次（不填：只清理一次）")

    def handle(self, *args, every: float = 0, **options) -> None:
        while True:
            done = jobs.clean_up()
            summary = "，".join(f"{what} {count}" for what, count in done.items() if count) or "无需清理"
            self.stdout.write(f"后台任务清理：{summary}")
            if not every:
                return
            time.sleep(every)
