"""The preview's checked rows are kept (encrypted, beside the upload) so confirm does not check the
sheet again in full; confirm still re-runs every check that depends on the database or on the user's
rights, and falls back to the full check when the stage is missing, altered or from another day."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta

import pytest

from fulian.core import crypto
from fulian.core.roles import Role
from fulian.core.spreadsheets import services, staging
from fulian.core.spreadsheets.models import ImportJob
from fulian.orgs.models import Membership
from fulian.people.models import Category, Person
from fulian.people.services import person_build

from .test_spreadsheet_import import GOOD, confirm, ric, row, upload

pytestmark = pytest.mark.django_db
OTHER = row(name="王芳", id_number=ric(date(1986, 4, 4), 8), village="红旗村", categories="单亲母亲")


def _stage(job: ImportJob) -> bytes:
    with job.file.storage.open(staging.stage_name(job), "rb") as fh:
        return fh.read()


def test_stage_is_encrypted_and_deleted_with_the_upload(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER])
    storage, name = job.file.storage, staging.stage_name(job)
    assert stat.S_IMODE(os.stat(storage.path(name)).st_mode) == 0o600  # readable by the server only
    stored = _stage(job)
    assert GOOD[3].encode() not in stored
    assert "王芳".encode() not in stored
    assert stored.startswith(b"v1:")
    job = confirm(client, job)
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 2)
    assert not job.file
    assert not storage.exists(name)


def test_confirm_rechecks_duplicates_registered_since_the_preview(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER], strict=False)
    assert (job.good_rows, job.bad_rows) == (2, 0)
    Person.objects.bulk_create([person_build(name="李梅", id_number=GOOD[3], birth_date=date(1980, 5, 6),
                                             gender="F", village=cast.village_a1)])  # fmt: skip
    job = confirm(client, job)
    assert (job.status, job.written_rows, job.bad_rows) == (ImportJob.Status.DONE, 1, 1)
    assert job.errors == [{"row": 2, "column": "居民身份证号",
                           "message": "该身份证号已登记：李梅（青龙村），不能重复导入"}]  # fmt: skip
    assert Person.objects.count() == 2


def test_strict_confirm_writes_nothing_when_a_row_went_bad_since_the_preview(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER], strict=True)
    Person.objects.bulk_create([person_build(name="秘密", id_number=OTHER[3], birth_date=date(1986, 4, 4),
                                             gender="F", village=cast.village_b1)])  # fmt: skip
    job = confirm(client, job)
    assert job.status == ImportJob.Status.REJECTED
    assert job.errors[0]["message"] == "该身份证号无法登记，请联系乡镇妇联核实"
    assert Person.objects.count() == 1


def test_confirm_rechecks_scope(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER])
    Membership.objects.filter(user=cast.chair_a, role=Role.TOWN_CHAIR).delete()
    Membership.objects.create(user=cast.chair_a, unit=cast.village_a1, role=Role.VILLAGE_CHAIR)
    job = confirm(client, job)
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 1)
    assert job.errors == [{"row": 3, "column": "所属村(社区)",
                           "message": "该村(社区)已不在您的管理范围内（或已撤销），请重新上传"}]  # fmt: skip
    assert not Person.objects.filter(village=cast.village_a2).exists()


def test_confirm_rechecks_categories(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER])
    Category.objects.filter(name="单亲母亲").update(is_active=False)
    job = confirm(client, job)
    assert job.written_rows == 1
    assert job.errors[0]["row"] == 3
    assert job.errors[0]["column"] == "人员类别"


def _rewrite(job: ImportJob, lines: list[bytes]) -> None:
    storage, name = job.file.storage, staging.stage_name(job)
    storage.delete(name)
    with storage.open(name, "wb") as fh:
        fh.write(b"".join(lines))


@pytest.mark.parametrize("damage", ["altered", "missing", "next day"])
def test_unusable_stage_falls_back_to_the_full_check(cast, login, damage, monkeypatch):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER])
    lines = _stage(job).splitlines(keepends=True)
    if damage == "altered":
        header = bytearray(lines[0])
        header[20] = ord("A") if header[20] != ord("A") else ord("B")
        _rewrite(job, [bytes(header), *lines[1:]])
    elif damage == "missing":
        job.file.storage.delete(staging.stage_name(job))
    else:
        header = json.loads(crypto.decrypt(lines[0].decode().strip()))
        header["day"] = (date.today() - timedelta(days=1)).isoformat()
        _rewrite(job, [crypto.encrypt(json.dumps(header)).encode() + b"\n", *lines[1:]])
    used = []
    monkeypatch.setattr(services.engine, "commit_staged", lambda *a, **k: used.append(1))
    job = confirm(client, job)
    assert not used
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 2)


def test_altered_rows_in_the_stage_write_nothing(cast, login):
    client = login(cast.chair_a)
    job = upload(client, [GOOD, OTHER])
    lines = _stage(job).splitlines(keepends=True)
    body = bytearray(lines[1])
    body[30] = ord("A") if body[30] != ord("A") else ord("B")
    _rewrite(job, [lines[0], bytes(body)])
    job = confirm(client, job)
    assert job.status == ImportJob.Status.FAILED
    assert not Person.objects.exists()
