"""What every background job shares (imports, the annual summary): a heartbeat, a timeout, a retention.

A job row carries `heartbeat_at`. While the task worker runs a step, `Heartbeat` writes the time on the row
every `heartbeat_seconds()` from a thread of its own, on its own database connection, so that the beat is
seen while the step's own transaction is still open (on SQLite, which lets one writer in at a time, the
beats wait while the step writes; the timeout is far longer than the longest write). A row whose step
has not beaten for `timeout_seconds()` belongs to a worker that died (killed, out of memory, the machine
restarted): the job's `fail_stale` marks it failed with a Chinese message, and the user may retry.

Settings (settings.FULIAN, from the environment; docs/deploy.md):
- JOB_HEARTBEAT_SECONDS (15): how often a running step beats;
- JOB_TIMEOUT_SECONDS (900): how long without a beat before a running step counts as dead;
- IMPORT_RETENTION_HOURS (24): how long an upload may wait (queued, or checked and not confirmed) before
  the clean-up (`manage.py jobs_cleanup`) expires its job and deletes the file.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

TIMEOUT_MESSAGE = (
    "后台处理中断：超过 {minutes} 分钟没有进展（处理进程可能已退出或重启），未写入任何数据。"
    "请点“{retry}”再试一次；如果反复出现，请联系管理员。"
)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, "FULIAN", {}).get(name, default))


def heartbeat_seconds() -> float:
    return _setting("JOB_HEARTBEAT_SECONDS", 15)


def timeout_seconds() -> float:
    return _setting("JOB_TIMEOUT_SECONDS", 900)


def retention() -> timedelta:
    return timedelta(hours=_setting("IMPORT_RETENTION_HOURS", 24))


def stale_before(now: datetime | None = None) -> datetime:
    """Running steps whose last beat is older than this are dead."""
    return (now or timezone.now()) - timedelta(seconds=timeout_seconds())


def timeout_message(retry: str = "重新上传") -> str:
    """What a job failed by the timeout says; `retry` names the button that tries again."""
    return TIMEOUT_MESSAGE.format(minutes=max(1, round(timeout_seconds() / 60)), retry=retry)


class Heartbeat:
    """`with Heartbeat(Model.objects.filter(pk=…)):` — beat on the job row while the block runs."""

    def __init__(self, rows, field: str = "heartbeat_at") -> None:
        self.rows = rows
        self.field = field
        self.interval = heartbeat_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.rows.update(**{self.field: timezone.now()})
                except Exception:  # a locked SQLite database, a dropped connection: beat again later
                    logger.debug("heartbeat not written", exc_info=True)
        finally:
            connection.close()  # this thread's own connection


# --- the periodic clean-up (`manage.py jobs_cleanup`) --------------------------------------------------

_CLEANUPS: list = []


def register_cleanup(fn):
    """An app's clean-up step (in AppConfig.ready): `fn()` returns {what: how many}."""
    if fn not in _CLEANUPS:
        _CLEANUPS.append(fn)
    return fn


def clean_up() -> dict[str, int]:
    """Run every registered clean-up step; {"app.what": how many}."""
    done: dict[str, int] = {}
    for fn in _CLEANUPS:
        area = fn.__module__.removeprefix("fulian.").split(".services")[0]
        for what, count in fn().items():
            done[f"{area}.{what}"] = count
    return done
