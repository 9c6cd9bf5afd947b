"""Writes of the import flow: create a job from an upload, check it, confirm it, write it, cancel it,
fail it when its worker died, clean up after it.

The web request only stores the upload (after the cheap checks of `reader.check_upload`); checking and
writing run in the task worker (`tasks.py`), each in a `sheetproc` process under a memory ceiling. Every
step takes up the job with a conditional update of its status, so a step that runs twice, a job
cancelled meanwhile or one failed by the timeout is never processed again; the writing transaction ends
by marking the job done in that same transaction, so rows are written if and only if the job is done.
The upload (personal data) is deleted as soon as the job ends, in any state."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from fulian.audit.bulk import bulk_write_record
from fulian.audit.context import acting_as
from fulian.core import jobs

from . import engine, staging
from .models import ImportJob
from .reader import FileProblem, SheetReader, check_upload
from .spec import ImportContext, ImportSpec, get_import_spec

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)
Status = ImportJob.Status
CRASHED = "处理文件时发生意外错误，未写入任何数据。请联系管理员。"
STRICT = "严格模式：发现 {bad:,} 行有错误，未写入任何数据。请按下面的错误改正表格后重新上传。"
NO_GOOD_ROW = "没有可以写入的行：全部 {bad:,} 行都有错误，未写入任何数据。请按下面的错误改正表格后重新上传。"


class JobLost(Exception):
    """The job left the state this step expected (cancelled, failed by the timeout): stop, write nothing."""


def import_job_create(
    *, user: AbstractUser, spec: ImportSpec, unit, upload, strict: bool = False, retry_of=None
) -> ImportJob:
    """Store an upload as a job and queue its check. FileProblem if the file is unusable on its face
    (nothing of the sheet is parsed in the request)."""
    check_upload(upload.name, upload.size, upload)
    job = ImportJob(
        user=user,  # type: ignore[misc]  # an accounts.User (core does not import accounts)
        spec=spec.name,
        unit=unit,
        unit_path=unit.path,
        original_name=os.path.basename(upload.name)[:255],
        size=upload.size,
        strict=strict,
        retry_of=retry_of,
    )
    suffix = os.path.splitext(upload.name)[1].lower()
    job.file.save(f"{spec.name}{suffix}", upload, save=False)
    job.save()
    _enqueue(job, "validate")
    return job


def _enqueue(job: ImportJob, step: str) -> None:
    """Queue a step for the task worker (its task row is written with the job's, in one transaction
    when there is one). The tests' immediate backend runs the step here and now."""
    from . import tasks

    (tasks.import_job_validate_task if step == "validate" else tasks.import_job_commit_task).enqueue(job.pk)
    job.refresh_from_db()


def _context(job: ImportJob, spec: ImportSpec) -> ImportContext:
    return ImportContext(user=job.user, unit=job.unit, capability=spec.capability)


def _take_up(job_id: int, status: str) -> ImportJob | None:
    """The worker takes up a queued step: one conditional update, so only one worker ever does."""
    now = timezone.now()
    fields: dict[str, object] = {"heartbeat_at": now}
    if status == Status.QUEUED:
        fields.update(status=Status.VALIDATING, started_at=now)
    taken = ImportJob.objects.filter(pk=job_id, status=status, heartbeat_at__isnull=True).update(**fields)
    return ImportJob.objects.select_related("user", "unit").get(pk=job_id) if taken else None


@contextmanager
def _local_file(job: ImportJob) -> Iterator[str]:
    """A filesystem path for the stored upload (copied to a temporary file for remote storages)."""
    try:
        path = job.file.path
    except NotImplementedError:
        path = None
    if path:
        yield path
        return
    with job.file.open("rb") as src, tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        shutil.copyfileobj(src, tmp)
        tmp.flush()
        yield tmp.name


def _discard_files(job: ImportJob) -> None:
    """Delete the upload and the preview's checked rows (personal data), whatever state the job is in."""
    if not job.file:
        return
    try:
        staging.stage_delete(job)
        job.file.delete(save=False)
    except OSError:
        logger.exception("import job %s: upload not deleted (the clean-up will retry)", job.pk)
        return
    ImportJob.objects.filter(pk=job.pk).update(file="")


def _finish(job: ImportJob, status: str, message: str = "", outcome=None, *, expect: str) -> bool:
    """End the job in `status` if it is still in `expect` (a conditional update), and delete its files.
    False when the job had left `expect` meanwhile (cancelled, failed by the timeout)."""
    fields = {"status": status, "message": message[:500], "finished_at": timezone.now()}
    if outcome is not None:
        fields.update(
            processed_rows=outcome.total,
            good_rows=outcome.good,
            bad_rows=outcome.bad,
            error_count=outcome.error_count,
            errors=outcome.errors,
        )
    ended = ImportJob.objects.filter(pk=job.pk, status=expect).update(**fields) == 1
    _discard_files(job)
    return ended


def _progress(job: ImportJob, status: str):
    def report(rows: int) -> None:
        if not ImportJob.objects.filter(pk=job.pk, status=status).update(processed_rows=rows):
            raise JobLost  # cancelled or failed meanwhile: stop reading

    return report


def _run(job: ImportJob, status: str, step):
    """Run a step, turning file problems, strict-mode rejections and crashes into a finished job."""
    try:
        return step()
    except JobLost:
        _discard_files(job)
    except FileProblem as exc:
        _finish(job, Status.REJECTED, str(exc), expect=status)
    except engine.StrictRejected as exc:
        _finish(job, Status.REJECTED, STRICT.format(bad=exc.outcome.bad), exc.outcome, expect=status)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, Status.FAILED, CRASHED, expect=status)
    return None


def _read(job: ImportJob, action):
    """Open the upload in a `sheetproc` process and run `action(reader)`."""
    with _local_file(job) as path:
        reader = SheetReader(path)
        try:
            ImportJob.objects.filter(pk=job.pk).update(total_rows=reader.data_rows, processed_rows=0)
            return action(reader)
        finally:
            reader.close()


def import_job_validate(*, job_id: int) -> None:
    """Check every row of a queued job and keep the report for the preview. Writes no rows."""
    import_jobs_fail_stale()
    job = _take_up(job_id, Status.QUEUED)
    if job is None:
        return
    spec = get_import_spec(job.spec)
    ctx = _context(job, spec)
    stage = staging.StageWriter(job, ctx) if spec.can_stage else None
    progress = _progress(job, Status.VALIDATING)
    try:
        with jobs.Heartbeat(ImportJob.objects.filter(pk=job.pk)):
            outcome = _run(
                job,
                Status.VALIDATING,
                lambda: _read(job, lambda reader: engine.validate(spec, reader, ctx, progress, stage)),
            )
            if (
                outcome is not None
                and stage is not None
                and outcome.good
                and not (job.strict and outcome.bad)
            ):
                stage.save()
    finally:
        if stage is not None:
            stage.close()
    if outcome is None:
        return
    if outcome.total == 0:
        _finish(
            job,
            Status.REJECTED,
            "表格中没有数据行：只有表头，或全部为空行。",
            outcome,
            expect=Status.VALIDATING,
        )
    elif job.strict and outcome.bad:
        _finish(job, Status.REJECTED, STRICT.format(bad=outcome.bad), outcome, expect=Status.VALIDATING)
    elif not outcome.good:
        _finish(job, Status.REJECTED, NO_GOOD_ROW.format(bad=outcome.bad), outcome, expect=Status.VALIDATING)
    else:
        checked = ImportJob.objects.filter(pk=job.pk, status=Status.VALIDATING).update(
            status=Status.VALIDATED,
            heartbeat_at=None,
            processed_rows=outcome.total,
            good_rows=outcome.good,
            bad_rows=outcome.bad,
            error_count=outcome.error_count,
            errors=outcome.errors,
            preview=outcome.preview,
        )
        if not checked:  # cancelled or failed while the last rows were checked
            _discard_files(job)


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The user confirms the preview: queue the writing of the good rows."""
    if job.status != Status.VALIDATED:
        raise ValidationError("该导入当前不能确认（可能已经确认过、已取消或已过期）。")
    if not job.good_rows:
        raise ValidationError("没有可以写入的正确行。")
    queued = ImportJob.objects.filter(pk=job.pk, status=Status.VALIDATED).update(
        status=Status.COMMITTING, processed_rows=0, heartbeat_at=None
    )
    if not queued:
        raise ValidationError("该导入当前不能确认（可能已经确认过、已取消或已过期）。")
    _enqueue(job, "commit")
    return job


def import_job_commit(*, job_id: int) -> None:
    """Write every good row in one transaction (rows are checked again: the database may have changed).
    The same transaction marks the job done and writes one change-history entry naming the job, the user
    and the rows written; if the job is no longer being written by this step (failed by the timeout),
    the transaction rolls back and nothing is written."""
    import_jobs_fail_stale()
    job = _take_up(job_id, Status.COMMITTING)
    if job is None:
        return
    spec = get_import_spec(job.spec)
    ctx = _context(job, spec)

    def done(outcome: engine.Outcome) -> None:
        message = f"已写入 {outcome.written:,} 行。"
        if outcome.bad:
            message += f"{outcome.bad:,} 行有错误，未写入。"
        ended = ImportJob.objects.filter(
            pk=job.pk, status=Status.COMMITTING, heartbeat_at__isnull=False
        ).update(
            status=Status.DONE,
            message=message,
            finished_at=timezone.now(),
            written_rows=outcome.written,
            processed_rows=outcome.total,
            good_rows=outcome.good,
            bad_rows=outcome.bad,
            error_count=outcome.error_count,
            errors=outcome.errors,
        )
        if not ended:
            raise JobLost
        bulk_write_record(
            actor=job.user,
            job=job,
            what=f"导入{spec.title}：{job.original_name}",
            model=spec.model,
            keys=outcome.keys,
            count=outcome.written,
        )

    def write():
        staged = staging.stage_read(job, ctx) if spec.can_stage else None
        if staged is None:
            return _read(
                job, lambda reader: engine.commit(spec, reader, ctx, strict=job.strict, before_commit=done)
            )
        prior = engine.Outcome(total=job.processed_rows, bad=job.bad_rows, error_count=job.error_count,
                               errors=list(job.errors))  # fmt: skip
        try:
            return engine.commit_staged(spec, staged, ctx, strict=job.strict, prior=prior, before_commit=done)
        finally:
            close = getattr(staged, "close", None)
            if close:
                close()

    with acting_as(job.user), jobs.Heartbeat(ImportJob.objects.filter(pk=job.pk)):
        outcome = _run(job, Status.COMMITTING, write)
    if outcome is not None:
        _discard_files(job)


def import_job_cancel(*, job: ImportJob) -> ImportJob:
    """The user cancels a job that is waiting, being checked or waiting for her confirmation. Writing is
    one transaction and cannot be cancelled halfway."""
    if not job.can_cancel:
        raise ValidationError("该导入正在写入或已经结束，不能取消。")
    if not _finish(job, Status.CANCELLED, "已取消，未写入任何数据。", expect=job.status):
        raise ValidationError("该导入的状态刚刚有变化，请刷新页面后再试。")
    job.refresh_from_db()
    return job


def import_jobs_fail_stale() -> int:
    """Fail the running steps whose worker stopped beating (see fulian.core.jobs); returns how many."""
    failed = 0
    stale = ImportJob.objects.filter(
        status__in=[Status.VALIDATING, Status.COMMITTING], heartbeat_at__lt=jobs.stale_before()
    )
    for job in stale:
        try:
            failed += _finish(job, Status.FAILED, jobs.timeout_message(), expect=job.status)
        except OperationalError:  # SQLite busy with a long write: the next sweep will do it
            logger.warning("import job %s: could not be failed now (database busy)", job.pk)
    return failed


def import_jobs_clean_up() -> dict[str, int]:
    """The periodic clean-up (`manage.py jobs_cleanup`): fail dead steps; expire jobs that waited past the
    retention period (queued and never taken up, checked and never confirmed) and delete their uploads;
    delete any upload left behind by a job that ended, and files under imports/ that no job names."""
    counts = {"failed": import_jobs_fail_stale(), "expired": 0, "deleted": 0}
    cutoff = timezone.now() - jobs.retention()
    hours = round(jobs.retention().total_seconds() / 3600)
    waiting = ImportJob.objects.filter(created_at__lt=cutoff).filter(
        status__in=[Status.QUEUED, Status.VALIDATED, Status.COMMITTING], heartbeat_at__isnull=True
    )
    for job in waiting:
        message = (
            f"已过期：上传超过 {hours} 小时仍未确认写入，上传的文件已删除，未写入任何数据。请重新上传。"
            if job.status == Status.VALIDATED
            else f"已过期：排队超过 {hours} 小时仍未处理（后台任务进程可能没有运行），未写入任何数据。"
            "请重新上传。"
        )
        counts["expired"] += _finish(job, Status.EXPIRED, message, expect=job.status)
    for job in ImportJob.objects.filter(status__in=ImportJob.ENDED).exclude(file=""):
        _discard_files(job)
        counts["deleted"] += 1
    counts["deleted"] += _delete_orphans(cutoff)
    return counts


def _delete_orphans(cutoff) -> int:
    """Files under imports/ older than the cutoff that no job names (a crash between storing and saving)."""
    storage = ImportJob._meta.get_field("file").storage
    named = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    deleted = 0

    def walk(folder: str) -> None:
        nonlocal deleted
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            return
        for sub in folders:
            walk(f"{folder}/{sub}")
        for name in files:
            path = f"{folder}/{name}"
            if path.removesuffix(".checked") in named or storage.get_modified_time(path) >= cutoff:
                continue
            storage.delete(path)
            deleted += 1

    walk("imports")
    return deleted
