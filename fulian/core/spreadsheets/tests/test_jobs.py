"""Import jobs that recover and forget: cancel, retry, the timeout of a dead step, the clean-up after the
retention period, uploads stored 0600 and deleted when a job ends, the heartbeat, the one change-history
entry per import, and a write that loses its job writing nothing."""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fulian.audit.bulk import bulk_writes_covering
from fulian.core import jobs
from fulian.core.spreadsheets import services
from fulian.core.spreadsheets.models import ImportJob
from fulian.orgs.models import Zone

from .conftest import ZoneImportSpec, xlsx

pytestmark = pytest.mark.django_db
URL = "/spreadsheets/zones-test/import/"
GOOD = [["竹峪镇", "东片", "2021-03-01", ""], ["竹峪镇", "西片", "", "好"]]


def upload(client, rows=GOOD, **data):
    response = client.post(URL, {"file": xlsx(rows), **data})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("id")


def queued(settings):
    """Tasks are queued and not run (as with a real worker that has not got to them yet)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_upload_is_stored_for_its_owner_only_and_deleted_when_cancelled(cast, login, zone_specs):
    client = login(cast.chair_a)
    job = upload(client)
    assert job.status == ImportJob.Status.VALIDATED
    path = Path(job.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert 'data-testid="cancel"' in page
    client.post(reverse("spreadsheets:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.CANCELLED, "已取消，未写入任何数据。")
    assert not job.file
    assert not path.exists()
    response = client.post(reverse("spreadsheets:job_confirm", args=[job.pk]), follow=True)
    assert "不能确认" in response.content.decode()
    assert not Zone.objects.exists()


def test_a_queued_job_can_be_cancelled_and_its_task_then_does_nothing(cast, login, zone_specs, settings):
    queued(settings)
    client = login(cast.chair_a)
    job = upload(client)
    assert (job.status, job.heartbeat_at) == (ImportJob.Status.QUEUED, None)
    client.post(reverse("spreadsheets:job_cancel", args=[job.pk]))
    services.import_job_validate(job_id=job.pk)  # the worker gets to it later
    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportJob.Status.CANCELLED, 0)


def test_a_finished_or_writing_job_cannot_be_cancelled(cast, login, zone_specs, settings):
    client = login(cast.chair_a)
    job = upload(client)
    queued(settings)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTING
    response = client.post(reverse("spreadsheets:job_cancel", args=[job.pk]), follow=True)
    assert "正在写入或已经结束，不能取消" in response.content.decode()
    services.import_job_commit(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 2)
    assert not job.file


def test_a_step_whose_worker_died_is_failed_after_the_timeout(cast, login, zone_specs, settings):
    settings.FULIAN = {**settings.FULIAN, "JOB_TIMEOUT_SECONDS": 600}
    queued(settings)
    client = login(cast.chair_a)
    job = upload(client)
    path = Path(job.file.path)
    now = timezone.now()
    # The worker took the job up and beat last 9 minutes ago: still alive.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.VALIDATING, heartbeat_at=now - timedelta(minutes=9)
    )
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert "正在检查" in page
    # 11 minutes without a beat: dead. The page itself fails it (and so would the clean-up).
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - timedelta(minutes=11))
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("后台处理中断：超过 10 分钟没有进展")
    assert job.message in page
    assert 'data-testid="retry"' in page
    assert not path.exists()


def test_retry_uploads_the_file_again_as_a_new_job_with_the_same_unit_and_mode(cast, login, zone_specs):
    client = login(cast.chair_a)
    job = upload(client, [["竹峪镇", ""]], strict="on")  # no good row: rejected
    assert job.status == ImportJob.Status.REJECTED
    response = client.post(reverse("spreadsheets:job_retry", args=[job.pk]), {"file": xlsx(GOOD)})
    new = ImportJob.objects.latest("id")
    assert response.url == reverse("spreadsheets:job", args=[new.pk])
    assert (new.retry_of, new.strict, new.unit, new.status) == (
        job,
        True,
        job.unit,
        ImportJob.Status.VALIDATED,
    )
    client.post(reverse("spreadsheets:job_confirm", args=[new.pk]))
    new.refresh_from_db()
    assert (new.status, Zone.objects.count()) == (ImportJob.Status.DONE, 2)
    # a job that wrote its rows is not retried
    response = client.post(
        reverse("spreadsheets:job_retry", args=[new.pk]), {"file": xlsx(GOOD)}, follow=True
    )
    assert "不能重新上传" in response.content.decode()
    assert ImportJob.objects.count() == 2


def test_the_clean_up_expires_what_waited_too_long_and_deletes_leftover_files(
    cast, login, zone_specs, settings
):
    settings.FULIAN = {**settings.FULIAN, "IMPORT_RETENTION_HOURS": 24}
    client = login(cast.chair_a)
    old = timezone.now() - timedelta(hours=25)
    checked = upload(client)  # checked, never confirmed
    queued(settings)
    waiting = upload(client)  # never taken up
    fresh = upload(client)  # queued an hour ago: kept
    ImportJob.objects.filter(pk__in=[checked.pk, waiting.pk]).update(created_at=old)
    storage = checked.file.storage
    orphan = storage.save("imports/2020/01/lost.xlsx", xlsx(GOOD))
    recent_orphan = storage.save("imports/2020/01/just-stored.xlsx", xlsx(GOOD))
    twenty_five_hours_ago = time.time() - 25 * 3600
    os.utime(storage.path(orphan), (twenty_five_hours_ago, twenty_five_hours_ago))
    # the file system stamps with the machine's time; the suite's clock may be elsewhere
    os.utime(storage.path(recent_orphan), (time.time(), time.time()))
    out = StringIO()
    call_command("jobs_cleanup", stdout=out)
    assert "core.spreadsheets.expired 2" in out.getvalue()
    checked.refresh_from_db()
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert checked.status == waiting.status == ImportJob.Status.EXPIRED
    assert "超过 24 小时仍未确认写入" in checked.message
    assert "排队超过 24 小时仍未处理" in waiting.message
    assert not checked.file
    assert not waiting.file
    assert (fresh.status, bool(fresh.file)) == (ImportJob.Status.QUEUED, True)
    assert not storage.exists(orphan)
    assert storage.exists(recent_orphan)


def test_the_heartbeat_beats_on_its_own_connection(cast, zone_specs, settings, transactional_db):
    settings.FULIAN = {**settings.FULIAN, "JOB_HEARTBEAT_SECONDS": 0.05}
    job = ImportJob.objects.create(user=cast.chair_a, spec="zones-test", unit=cast.town_a,
                                   unit_path=cast.town_a.path, file="imports/x.xlsx")  # fmt: skip
    assert job.heartbeat_at is None
    with jobs.Heartbeat(ImportJob.objects.filter(pk=job.pk)):
        deadline = time.monotonic() + 10
        while ImportJob.objects.get(pk=job.pk).heartbeat_at is None and time.monotonic() < deadline:
            time.sleep(0.05)
    job.refresh_from_db()
    assert job.heartbeat_at is not None


def test_an_import_writes_one_history_entry_naming_the_job_the_user_and_the_rows(cast, login, zone_specs):
    client = login(cast.chair_a)
    job = upload(client)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    entries = LogEntry.objects.filter(additional_data__bulk=True)
    [entry] = entries
    zones = list(Zone.objects.order_by("pk"))
    assert entry.actor == cast.chair_a
    assert (entry.object_pk, entry.additional_data["count"]) == (str(job.pk), 2)
    assert entry.object_repr == "导入片区：片区.xlsx（写入 2 条片区）"
    assert entry.changes["批量写入"] == [None, "片区 2 条"]
    # "who put this here": each written zone leads back to the import
    for zone in zones:
        assert bulk_writes_covering(zone) == [entry]
    page = login(cast.admin).get(reverse("audit:change_list")).content.decode()
    assert "导入片区：片区.xlsx" in page


def test_a_write_whose_job_was_failed_meanwhile_writes_nothing(cast, login, zone_specs, monkeypatch):
    client = login(cast.chair_a)
    job = upload(client)
    real = ZoneImportSpec.write_chunk

    def write_then_lose_the_job(self, rows, ctx):
        keys = real(self, rows, ctx)
        # the clean-up decides the step died (its heartbeat was late) while the rows were being written
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message="超时")
        return keys

    monkeypatch.setattr(ZoneImportSpec, "write_chunk", write_then_lose_the_job)
    client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    # The step found its job gone when it came to mark it done, and rolled back (here, in one
    # connection, the failing update rolls back with it; the clean-up's own commit would stay).
    assert job.status != ImportJob.Status.DONE
    assert not Zone.objects.exists()
    assert not LogEntry.objects.filter(additional_data__bulk=True).exists()
    assert not job.file
