"""The task worker killed in the middle of an import: the real `manage.py db_worker` (django-tasks-db) on
a database it shares with this test, killed with SIGKILL while it checks a sheet and again while it
writes one. Each time the job ends failed once its heartbeat is older than the timeout (a tiny timeout
here), its upload is deleted, nothing is half-written, and a retry then writes every row exactly once.

The worker and the database it shares with the test: fulian/core/tests/realworker.py."""

from __future__ import annotations

import time
from datetime import date, timedelta
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from fulian.core import idcard
from fulian.core.spreadsheets import services
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.spec import get_import_spec
from fulian.core.tests.realworker import HEARTBEAT, TIMEOUT, wait_for
from fulian.people.models import Person
from fulian.people.spreadsheet import COLUMNS

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 40_000  # enough that checking and writing each take a while, so the kills land mid-step
Status = ImportJob.Status


def sheet(rows: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.header for c in COLUMNS])
    born = date(1950, 1, 1)
    for i in range(rows):
        values = {"name": f"人{i}", "village": "青龙村", "id_number": idcard.make_id_number(
            "511781", born + timedelta(days=i // 500), i % 500 * 2)}  # fmt: skip
        ws.append([values.get(c.key, "") for c in COLUMNS])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def job_in(pk: int, *statuses: str, taken_up: bool | None = None) -> ImportJob | None:
    job = ImportJob.objects.get(pk=pk)
    if job.status not in statuses:
        return None
    if taken_up is not None and (job.heartbeat_at is not None) != taken_up:
        return None
    return job


def fail_after_the_timeout(job: ImportJob) -> ImportJob:
    """Once the job's last heartbeat is older than the timeout, the clean-up fails it."""
    time.sleep(TIMEOUT + HEARTBEAT + 0.5)
    call_command("jobs_cleanup", stdout=StringIO())
    job.refresh_from_db()
    return job


def test_a_killed_worker_leaves_a_failed_job_a_deleted_upload_and_a_retry_writes_each_row_once(
    shared_database, cast, worker
):
    data = sheet(ROWS)
    spec = get_import_spec("people")

    def upload(retry_of=None) -> ImportJob:
        return services.import_job_create(
            user=cast.chair_a,
            spec=spec,
            unit=cast.town_a,
            upload=SimpleUploadedFile("服务对象.xlsx", data),
            retry_of=retry_of,
        )

    # 1. Killed while checking: the job stays "正在检查" until its heartbeat is too old, then fails.
    first = upload()
    assert first.status == Status.QUEUED  # the request only stored the file
    upload_path = Path(first.file.path)
    worker.start()
    wait_for("the check to report progress", lambda: job_in(first.pk, Status.VALIDATING, taken_up=True)
             and ImportJob.objects.get(pk=first.pk).processed_rows >= 2000)  # fmt: skip
    worker.kill()
    assert ImportJob.objects.get(pk=first.pk).status == Status.VALIDATING  # nothing recovers it by itself
    first = fail_after_the_timeout(first)
    assert first.status == Status.FAILED
    assert first.message.startswith("后台处理中断")
    assert not first.file
    assert not upload_path.exists()

    # 2. The retry is checked; killed while writing: nothing is half-written, and the job fails.
    worker.start()
    second = upload(retry_of=first)
    second = wait_for("the retry's check", lambda: job_in(second.pk, Status.VALIDATED))
    assert (second.good_rows, second.bad_rows) == (ROWS, 0)
    services.import_job_confirm(job=second)
    wait_for("the write to start", lambda: job_in(second.pk, Status.COMMITTING, taken_up=True))
    time.sleep(0.3)
    worker.kill()
    assert not ImportJob.objects.filter(pk=second.pk, status=Status.DONE).exists(), "wrote before the kill"
    assert Person.objects.count() == 0
    second = fail_after_the_timeout(second)
    assert second.status == Status.FAILED
    assert not second.file
    assert Person.objects.count() == 0

    # 3. A second retry, with a worker that lives: every row written, each exactly once.
    worker.start()
    third = upload(retry_of=second)
    wait_for("the second retry's check", lambda: job_in(third.pk, Status.VALIDATED))
    services.import_job_confirm(job=ImportJob.objects.get(pk=third.pk))
    third = wait_for("the write", lambda: job_in(third.pk, Status.DONE))
    assert third.written_rows == ROWS
    assert Person.objects.count() == ROWS
    assert Person.objects.values("id_number_hash").distinct().count() == ROWS
    wait_for("the upload to be deleted", lambda: not ImportJob.objects.get(pk=third.pk).file)
