"""The preview's checked rows, kept beside the upload until the user confirms (`ImportSpec.can_stage`).

Kept in the same storage as the upload and deleted with it, one line per chunk, each line encrypted and
authenticated with the field key (AES-GCM, crypto.encrypt): the rows hold personal data in clear, and a
line that was altered or written under another key fails to decrypt. The first line names the spec, the
job, the user, the unit and the day: confirm uses the stage only if all still match (age-dependent checks
depend on the day), otherwise it checks the sheet again in full."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator

from django.core.files import File

from fulian.core import crypto

from .models import ImportJob
from .spec import ImportContext


def stage_name(job: ImportJob) -> str:
    return f"{job.file.name}.checked"


def stage_header(job: ImportJob, ctx: ImportContext) -> dict:
    return {"job": job.pk, "spec": job.spec, "user": job.user_id, "unit": job.unit_id,
            "day": ctx.today.isoformat()}  # fmt: skip


def stage_delete(job: ImportJob) -> None:
    storage = job.file.storage
    name = stage_name(job)
    if storage.exists(name):
        storage.delete(name)


class StageWriter:
    def __init__(self, job: ImportJob, ctx: ImportContext) -> None:
        self.job = job
        self.tmp = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (closed by close())
        self._line(stage_header(job, ctx))

    def _line(self, data) -> None:
        self.tmp.write(crypto.encrypt(json.dumps(data, ensure_ascii=False)).encode("ascii") + b"\n")

    def __call__(self, rows: list) -> None:
        if rows:
            self._line(rows)

    def save(self) -> None:
        stage_delete(self.job)
        self.tmp.seek(0)
        name = self.job.file.storage.save(stage_name(self.job), File(self.tmp))
        if name != stage_name(self.job):  # the storage renamed it: do not use it
            self.job.file.storage.delete(name)

    def close(self) -> None:
        self.tmp.close()


def stage_read(job: ImportJob, ctx: ImportContext) -> Iterator[list] | None:
    """The staged chunks, or None when there is no usable stage (confirm then checks in full)."""
    if not job.file or not job.file.storage.exists(stage_name(job)):
        return None
    fh = job.file.storage.open(stage_name(job), "rb")
    try:
        header = json.loads(crypto.decrypt(fh.readline().decode("ascii").strip()))
    except (crypto.DecryptionError, ValueError):
        fh.close()
        return None
    if header != stage_header(job, ctx):
        fh.close()
        return None

    def chunks() -> Iterator[list]:
        with fh:
            while line := fh.readline():  # (iterating a Django File would start again at the header)
                if line.strip():
                    yield json.loads(crypto.decrypt(line.decode("ascii").strip()))

    return chunks()
