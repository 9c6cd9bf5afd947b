"""Write reminder rows (CaseReminder) for deadlines of rights-protection cases that are due or missed.

Selects: protection orders awaiting the court's decision (72 h, 24 h if urgent) near or past their
deadline; granted orders ending soon or ended; planned follow-up visits of open cases near or past their
date. Idempotent: one row per deadline, so running it every hour (cron or the task worker) is safe.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fulian.cases.services import reminders_write


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", help="pretend the time is this ISO date-time (for checks and tests)")

    def handle(self, *args, now: str | None = None, **options) -> None:
        at = None
        if now:
            try:
                at = datetime.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError("--now 应为 ISO 格式，如 2026-03-01T08:00") from exc
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
        created = reminders_write(now=at)
        self.stdout.write(f"新增提醒 {created} 条")
