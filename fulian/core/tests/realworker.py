"""Fixtures that run the real task worker (`manage.py db_worker`, django-tasks-db) on the database the test
uses, loaded for every test module by the root conftest (`pytest_plugins`).

- `shared_database`: a DATABASE_URL naming this test's database. On PostgreSQL the test database itself;
  on SQLite (whose test database lives in this process's memory) a file copy that this process then uses
  too. Needs `@pytest.mark.django_db(transaction=True)`: the worker sees only committed rows.
- `worker`: `worker.start()` runs db_worker in its own process group, `worker.kill()` ends it with SIGKILL;
  `worker.pause()`/`resume()` freeze and thaw the last one started (SIGSTOP/SIGCONT), `worker.last_pid`;
  every worker still running is killed after the test. Tasks enqueued by the test go to the database
  backend, so the worker takes them up.
- `wait_for(what, condition)`: polls until `condition()` is truthy (3 minutes at most).
- `machine_now()`: the machine's own time. The suite runs on a fixed clock (conftest.py), the worker on the
  machine's: a test whose rows depend on "now" sets its clock to this first (`clock.set(machine_now())`).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

import pytest

HEARTBEAT, TIMEOUT = 1, 3  # seconds: the tiny job timeout of the worker tests (15 s and 900 s by default)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    from django.db import connections

    connection = connections["default"]
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'])}@" if s["USER"] else ""
        yield f"postgres://{auth}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{quote(s['NAME'])}"
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    memory, name = connection.connection, s["NAME"]
    connection.connection, s["NAME"] = None, str(path)  # this process now works on the file too
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.connection, s["NAME"] = memory, name


@pytest.fixture
def worker(shared_database, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FULIAN = {**settings.FULIAN, "JOB_HEARTBEAT_SECONDS": HEARTBEAT, "JOB_TIMEOUT_SECONDS": TIMEOUT}
    env = {
        **os.environ,
        "DATABASE_URL": shared_database,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "FULIAN_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "FULIAN_JOB_TIMEOUT_SECONDS": str(TIMEOUT),
    }
    running: list[subprocess.Popen] = []
    log_path = tmp_path / "worker.log"
    log = log_path.open("ab")

    class Worker:
        log = log_path

        def start(self) -> None:
            running.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
            )

        @property
        def last_pid(self) -> int:
            return running[-1].pid

        def pause(self) -> None:
            os.killpg(running[-1].pid, signal.SIGSTOP)  # frozen where it stands, holding what it holds

        def resume(self) -> None:
            os.killpg(running[-1].pid, signal.SIGCONT)

        def kill(self) -> None:
            proc = running.pop()
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and any process it started
            proc.wait()

    yield Worker()
    for proc in running:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()


def wait_for(what, condition, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def machine_now() -> dt.datetime:
    import time_machine

    return dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), tz=dt.timezone.utc)
