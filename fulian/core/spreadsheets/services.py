"""Writes of the import flow: create a job from an upload, check it, confirm it, write it.

Small files are checked and written within the request; larger ones by the background task, with the
job row carrying status and progress. Every step is idempotent on the job's status, so a task that runs
twice does nothing the second time."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from fulian.core import crypto

from . import engine
from .models import ImportJob
from .reader import FileProblem, SheetReader, check_upload, limit
from .spec import ImportContext, ImportSpec, get_import_spec

logger = logging.getLogger(__name__)


def inline_bytes() -> int:
    """Files up to this size are processed within the request (no worker needed)."""
    return limit("IMPORT_INLINE_BYTES", 256 * 1024)


def import_job_create(*, user, spec: ImportSpec, unit, upload, strict: bool = False) -> ImportJob:
    """Store an upload as a job and start checking it. FileProblem if the file is unusable."""
    head = upload.read(8)
    upload.seek(0)
    check_upload(upload.name, upload.size, head)
    job = ImportJob(
        user=user,
        spec=spec.name,
        unit=unit,
        unit_path=unit.path,
        original_name=os.path.basename(upload.name)[:255],
        size=upload.size,
        strict=strict,
    )
    suffix = os.path.splitext(upload.name)[1].lower()
    job.file.save(f"{spec.name}{suffix}", upload, save=False)
    job.save()
    _schedule(job, "validate")
    return job


def _schedule(job: ImportJob, step: str) -> None:
    from . import tasks

    if job.size <= inline_bytes():
        (import_job_validate if step == "validate" else import_job_commit)(job_id=job.pk)
        job.refresh_from_db()
        return
    task = tasks.import_job_validate_task if step == "validate" else tasks.import_job_commit_task
    transaction.on_commit(lambda: task.enqueue(job.pk))


def _context(job: ImportJob, spec: ImportSpec) -> ImportContext:
    return ImportContext(user=job.user, unit=job.unit, capability=spec.capability)


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


def _set(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def _progress(job: ImportJob):
    def report(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows)

    return report


def _finish(job: ImportJob, status: str, message: str = "", outcome: engine.Outcome | None = None) -> None:
    fields = {"status": status, "message": message[:500], "finished_at": timezone.now()}
    if outcome is not None:
        fields.update(
            processed_rows=outcome.total,
            good_rows=outcome.good,
            bad_rows=outcome.bad,
            error_count=outcome.error_count,
            errors=outcome.errors,
        )
    _set(job, **fields)
    if status in (ImportJob.Status.DONE, ImportJob.Status.REJECTED, ImportJob.Status.FAILED) and job.file:
        _stage_delete(job)
    if status in (ImportJob.Status.DONE, ImportJob.Status.REJECTED) and job.file:
        job.file.delete(save=False)  # personal data: keep the upload no longer than needed
        job.save(update_fields=["file"])


# --- the preview's checked rows ----------------------------------------------------------------------
# Kept beside the upload (same storage, deleted with it), one line per chunk, each line encrypted and
# authenticated with the field key (AES-GCM, crypto.encrypt): the rows hold personal data in clear, and a
# line that was altered or written under another key fails to decrypt. The first line names the spec,
# the job, the user, the unit and the day: confirm uses the stage only if all still match (age-dependent
# checks depend on the day), otherwise it checks the sheet again in full.


def _stage_name(job: ImportJob) -> str:
    return f"{job.file.name}.checked"


def _stage_header(job: ImportJob, ctx: ImportContext) -> dict:
    return {"job": job.pk, "spec": job.spec, "user": job.user_id, "unit": job.unit_id,
            "day": ctx.today.isoformat()}  # fmt: skip


def _stage_delete(job: ImportJob) -> None:
    storage = job.file.storage
    name = _stage_name(job)
    if storage.exists(name):
        storage.delete(name)


class _StageWriter:
    def __init__(self, job: ImportJob, ctx: ImportContext) -> None:
        self.job = job
        self.tmp = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (closed by close())
        self._line(_stage_header(job, ctx))

    def _line(self, data) -> None:
        self.tmp.write(crypto.encrypt(json.dumps(data, ensure_ascii=False)).encode("ascii") + b"\n")

    def __call__(self, rows: list) -> None:
        if rows:
            self._line(rows)

    def save(self) -> None:
        _stage_delete(self.job)
        self.tmp.seek(0)
        name = self.job.file.storage.save(_stage_name(self.job), File(self.tmp))
        if name != _stage_name(self.job):  # the storage renamed it: do not use it
            self.job.file.storage.delete(name)

    def close(self) -> None:
        self.tmp.close()


def _stage_read(job: ImportJob, ctx: ImportContext) -> Iterator[list] | None:
    """The staged chunks, or None when there is no usable stage (confirm then checks in full)."""
    if not job.file or not job.file.storage.exists(_stage_name(job)):
        return None
    fh = job.file.storage.open(_stage_name(job), "rb")
    try:
        header = json.loads(crypto.decrypt(fh.readline().decode("ascii").strip()))
    except (crypto.DecryptionError, ValueError):
        fh.close()
        return None
    if header != _stage_header(job, ctx):
        fh.close()
        return None

    def chunks() -> Iterator[list]:
        with fh:
            while line := fh.readline():  # (iterating a Django File would start again at the header)
                if line.strip():
                    yield json.loads(crypto.decrypt(line.decode("ascii").strip()))

    return chunks()


def _run(job: ImportJob, spec: ImportSpec, step):
    """Open the sheet and run a step, turning file problems and crashes into a finished job."""
    try:
        with _local_file(job) as path:
            reader = SheetReader(path)
            try:
                _set(job, total_rows=reader.data_rows, processed_rows=0)
                return step(reader)
            finally:
                reader.close()
    except FileProblem as exc:
        _finish(job, ImportJob.Status.REJECTED, str(exc))
    except engine.StrictRejected as exc:
        message = f"严格模式：发现 {exc.outcome.bad} 行有错误，未写入任何数据。请改正后重新上传。"
        _finish(job, ImportJob.Status.REJECTED, message, exc.outcome)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED, "处理文件时发生意外错误，未写入任何数据。请联系管理员。")
    return None


def _run_staged(job: ImportJob, spec: ImportSpec, ctx: ImportContext, staged, prior):
    """Write from the preview's checked rows, with `_run`'s handling of rejections and crashes."""
    try:
        _set(job, processed_rows=0)
        return engine.commit_staged(spec, staged, ctx, strict=job.strict, prior=prior)
    except engine.StrictRejected as exc:
        message = f"严格模式：发现 {exc.outcome.bad} 行有错误，未写入任何数据。请改正后重新上传。"
        _finish(job, ImportJob.Status.REJECTED, message, exc.outcome)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED, "处理文件时发生意外错误，未写入任何数据。请联系管理员。")
    finally:
        close = getattr(staged, "close", None)
        if close:
            close()
    return None


def import_job_validate(*, job_id: int) -> None:
    """Check every row of a queued job and keep the report for the preview. Writes no rows."""
    job = ImportJob.objects.select_related("user", "unit").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return
    spec = get_import_spec(job.spec)
    _set(job, status=ImportJob.Status.VALIDATING, started_at=timezone.now())
    ctx = _context(job, spec)
    stage = _StageWriter(job, ctx) if spec.can_stage else None
    try:
        outcome = _run(job, spec, lambda reader: engine.validate(spec, reader, ctx, _progress(job), stage))
        if outcome is not None and stage is not None and outcome.good:
            stage.save()
    finally:
        if stage is not None:
            stage.close()
    if outcome is None:
        return
    if outcome.total == 0:
        _finish(job, ImportJob.Status.REJECTED, "表格中没有数据行：只有表头，或全部为空行。", outcome)
        return
    _set(
        job,
        status=ImportJob.Status.VALIDATED,
        processed_rows=outcome.total,
        good_rows=outcome.good,
        bad_rows=outcome.bad,
        error_count=outcome.error_count,
        errors=outcome.errors,
        preview=outcome.preview,
    )


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The user confirms the preview: write the good rows (strict mode: only if there is no bad row)."""
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError("该导入当前不能确认（可能已经确认过）。")
    if job.strict and job.bad_rows:
        message = f"严格模式：有 {job.bad_rows} 行错误，未写入任何数据。请改正后重新上传。"
        _finish(job, ImportJob.Status.REJECTED, message)
        return job
    if not job.good_rows:
        raise ValidationError("没有可以写入的正确行。")
    _set(job, status=ImportJob.Status.COMMITTING, processed_rows=0)
    _schedule(job, "commit")
    return job


def import_job_commit(*, job_id: int) -> None:
    """Write every good row in one transaction (rows are checked again: the database may have changed)."""
    job = ImportJob.objects.select_related("user", "unit").get(pk=job_id)
    if job.status != ImportJob.Status.COMMITTING:
        return
    spec = get_import_spec(job.spec)
    ctx = _context(job, spec)
    staged = _stage_read(job, ctx) if spec.can_stage else None
    if staged is not None:
        prior = engine.Outcome(total=job.processed_rows, bad=job.bad_rows, error_count=job.error_count,
                               errors=list(job.errors))  # fmt: skip
        outcome = _run_staged(job, spec, ctx, staged, prior)
    else:
        outcome = _run(
            job, spec, lambda reader: engine.commit(spec, reader, ctx, strict=job.strict, progress=None)
        )
    if outcome is None:
        return
    message = f"已写入 {outcome.written:,} 行。"
    if outcome.bad:
        message += f"{outcome.bad:,} 行有错误，未写入。"
    _set(job, written_rows=outcome.written)
    _finish(job, ImportJob.Status.DONE, message, outcome)
