"""Fault injection in the multi-row writes: a database error part-way through leaves nothing written and a
record that says so. (The worker killed mid-write: test_worker_fault.py.)

- an import whose n-th chunk fails to write, on both write paths: the staged rows of the preview
  (`engine.commit_staged`) and the sheet read again (`engine.commit`);
- a summary generation whose write fails after the paragraphs (reports);
- merging two people whose moving of links fails half-way (people).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from fulian.core import idcard
from fulian.core.spreadsheets import services, staging
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.spec import get_import_spec
from fulian.core.spreadsheets.testing import SheetUpload
from fulian.people.models import Person
from fulian.people.spreadsheet import COLUMNS

pytestmark = pytest.mark.django_db(transaction=True)
Status = ImportJob.Status
ROWS, CHUNK = 35, 10  # four chunks: 10, 10, 10, 5


def rows(n: int = ROWS):
    born = date(1960, 1, 1)
    out = []
    for i in range(n):
        values = {"name": f"人{i}", "village": "青龙村",
                  "id_number": idcard.make_id_number("511781", born + timedelta(days=i), 2 * i)}  # fmt: skip
        out.append([values.get(c.key, "") for c in COLUMNS])
    return out


def failing_on(n: int, real):
    """A write_chunk that writes chunks 1 … n−1 for real and raises a database error on chunk n."""
    calls = []

    def write_chunk(good, ctx):
        calls.append(len(good))
        if len(calls) == n:
            raise DatabaseError(f"injected: disk full while writing chunk {n}")
        return real(good, ctx)

    return write_chunk, calls


@pytest.fixture
def spec(monkeypatch):
    spec = get_import_spec("people")
    monkeypatch.setattr(spec, "chunk_size", CHUNK)
    return spec


def start_import(cast, spec) -> ImportJob:
    upload = SheetUpload("people", COLUMNS, "服务对象.xlsx").sheet(rows())
    job = services.import_job_create(
        user=cast.chair_a,
        spec=spec,
        unit=cast.town_a,
        upload=SimpleUploadedFile("服务对象.xlsx", upload.read()),
    )
    job.refresh_from_db()
    assert (job.status, job.good_rows, job.bad_rows) == (Status.VALIDATED, ROWS, 0)
    return job


@pytest.mark.parametrize("path", ["staged", "sheet read again"])
@pytest.mark.parametrize("n", [1, 3, 4])
def test_an_import_whose_nth_chunk_fails_writes_nothing_and_says_so(cast, spec, monkeypatch, path, n):
    job = start_import(cast, spec)
    if path == "sheet read again":
        monkeypatch.setattr(staging, "stage_read", lambda job, ctx: None)
    write_chunk, calls = failing_on(n, spec.write_chunk)
    monkeypatch.setattr(spec, "write_chunk", write_chunk)
    services.import_job_confirm(job=job)
    job.refresh_from_db()
    assert len(calls) == n, "the fault happened at the chunk meant"
    assert job.status == Status.FAILED
    assert job.message == services.CRASHED
    assert job.written_rows == 0
    assert Person.objects.count() == 0, "chunks before the failing one were rolled back too"
    assert history(job) == 0, "no change-history entry for a write that did not happen"

    # the retry, without the fault, writes every row once
    monkeypatch.undo()
    monkeypatch.setattr(spec, "chunk_size", CHUNK)
    retry = services.import_job_create(
        user=cast.chair_a,
        spec=spec,
        unit=cast.town_a,
        upload=SimpleUploadedFile("服务对象.xlsx", SheetUpload("people", COLUMNS).sheet(rows()).read()),
        retry_of=job,
    )
    services.import_job_confirm(job=ImportJob.objects.get(pk=retry.pk))
    retry.refresh_from_db()
    assert (retry.status, retry.written_rows) == (Status.DONE, ROWS)
    assert Person.objects.count() == ROWS
    assert history(retry) == 1


def history(job) -> int:
    """The bulk-write entries naming this job (audit/bulk.py)."""
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(additional_data__job=f"{job._meta.label_lower}:{job.pk}").count()
