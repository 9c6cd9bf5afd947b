"""Task workers killed in the middle of a job: an import being written, a county summary being drafted.

Checked generically, whatever the job machinery does about a dead worker: nothing half-written (the import
writes in one transaction, so the registry holds all of the file's rows or none); the job reaches a
terminal state within a bound (done or failed) — or, where the code has no heartbeat/timeout for jobs yet,
the rehearsal says so instead of failing; and a retry gives the result of an uninterrupted run.
"""

from __future__ import annotations

import io
import signal
import time

from .cluster import Cluster
from .faults import TERMINAL_BOUND_S, Outcome

TERMINAL_IMPORT = {"done", "rejected", "failed"}


def _kill_workers(cluster: Cluster) -> list[int]:
    pids = [p.pid for p in cluster.workers if p.poll() is None]
    for p in cluster.workers:
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            p.wait()
    cluster.workers.clear()
    return pids


def _wait(predicate, bound: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def _task_running(name: str) -> bool:
    """Whether a task worker is running the named task now (django-tasks' database backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="RUNNING", task_path__endswith=name).exists()


def _has_job_timeouts() -> bool:
    """Whether the job machinery notices a dead worker (a heartbeat column on the job rows)."""
    from fulian.core.spreadsheets.models import ImportJob
    from fulian.reports.models import SummaryDraft

    names = {f.name for m in (ImportJob, SummaryDraft) for f in m._meta.get_fields()}
    return any("heartbeat" in n for n in names)


def _bound() -> float:
    """How long a killed job may take to reach a terminal state: the full bound where jobs have heartbeats,
    a few seconds where nothing could end them (the rehearsal then reports them stuck)."""
    return TERMINAL_BOUND_S if _has_job_timeouts() else 10


def sheet(world: dict, rows: int) -> tuple[bytes, list[str]]:
    """A people import for the rehearsal's town: valid, unique ID numbers; returns the file and its IDs."""
    from datetime import date, timedelta

    from openpyxl import Workbook

    from bench.people import _headers
    from fulian.core.idcard import make_id_number
    from fulian.orgs.models import OrgUnit

    villages = list(OrgUnit.objects.filter(pk=world["village"]).values_list("name", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    headers = _headers()
    ws.append(headers)
    numbers = []
    for i in range(rows):
        born = date(1960, 1, 1) + timedelta(days=i % 15000)
        number = make_id_number("511781", born, 900 + (i // 15000) * 2)
        numbers.append(number)
        values = {"姓名": f"演练{i}", "性别": "女", "出生日期": born.isoformat(), "居民身份证号": number,
                  "所属村(社区)": villages[0], "民族": "汉族"}  # fmt: skip
        ws.append([values.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), numbers


def worker_killed_mid_import(cluster: Cluster, world: dict, rows: int) -> Outcome:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fulian.accounts.models import User
    from fulian.core.spreadsheets import services
    from fulian.core.spreadsheets.models import ImportJob
    from fulian.core.spreadsheets.spec import get_import_spec
    from fulian.orgs.models import OrgUnit
    from fulian.people.models import Person, id_number_hash

    data, numbers = sheet(world, rows)
    hashes = [id_number_hash(n) for n in numbers]
    user, unit = User.objects.get(username="r_town"), OrgUnit.objects.get(pk=world["town"])
    spec = get_import_spec("people")

    def imported() -> int:
        return Person.objects.filter(id_number_hash__in=hashes).count()

    def run(job_name: str) -> ImportJob:
        job = services.import_job_create(
            user=user, spec=spec, unit=unit, upload=SimpleUploadedFile(job_name, data)
        )
        _wait(lambda: ImportJob.objects.get(pk=job.pk).status not in ImportJob.RUNNING, TERMINAL_BOUND_S)
        job.refresh_from_db()
        return services.import_job_confirm(job=job)

    job = run("rehearsal.xlsx")
    started = _wait(lambda: _task_running("import_job_commit_task"), TERMINAL_BOUND_S, every=0.1)
    time.sleep(0.5)  # into the writing
    killed = _kill_workers(cluster)
    partial = imported()
    cluster.start_worker()
    cluster.start_worker()
    terminal = _wait(lambda: ImportJob.objects.get(pk=job.pk).status in TERMINAL_IMPORT, _bound())
    job.refresh_from_db()
    notes = []
    if job.status == "done":
        retried = job  # resumed (or re-run) by the machinery itself
    else:
        if not terminal and not _has_job_timeouts():
            notes.append(f"被杀的导入停在「{job.get_status_display()}」：代码中尚无任务心跳/超时（等待合入）")
        retried = run("rehearsal-retry.xlsx")
        _wait(lambda: ImportJob.objects.get(pk=retried.pk).status in TERMINAL_IMPORT, TERMINAL_BOUND_S)
        retried.refresh_from_db()
    after = imported()
    ok = partial in (0, rows) and retried.status == "done" and after == rows
    ok = ok and (terminal or not _has_job_timeouts())
    when = "写入中" if started else "（未观察到写入开始）"
    detail = (f"{when}杀掉任务进程 {killed}：当时已写入 {partial}/{rows} 行（全有或全无）；原任务状态"
              f"「{job.get_status_display()}」；重试后 {after}/{rows} 行，与不中断时相同")  # fmt: skip
    return Outcome("task worker killed mid-import", ok, detail, notes)


def worker_killed_mid_summary(cluster: Cluster, world: dict) -> Outcome:
    from fulian.accounts.models import User
    from fulian.core.periods import Period
    from fulian.orgs.models import OrgUnit
    from fulian.reports import services
    from fulian.reports.models import SummaryDraft, SummaryStatus

    user, county = User.objects.get(username="bench_county"), OrgUnit.objects.get(pk=world["county"])
    period = Period.year(2025)
    reference = services.summary_create(user=user, unit=county, period=period, background=False)
    expected = list(reference.paragraphs.order_by("order", "key").values_list("key", "generated_text"))
    draft = services.summary_create(user=user, unit=county, period=period, background=True)
    started = _wait(lambda: _task_running("summary_generate_task"), TERMINAL_BOUND_S, every=0.1)
    time.sleep(0.3)
    killed = _kill_workers(cluster)
    cluster.start_worker()
    cluster.start_worker()
    terminal = _wait(lambda: SummaryDraft.objects.get(pk=draft.pk).status != SummaryStatus.PENDING, _bound())
    draft.refresh_from_db()
    notes = []
    if draft.status != SummaryStatus.READY:
        if not terminal and not _has_job_timeouts():
            notes.append("被杀的总结停在「生成中」：代码中尚无任务心跳/超时（等待合入）")
        services.summary_regenerate(user=user, draft=draft, keep_edits=True)  # the user's 重新生成
        draft.refresh_from_db()
    got = list(draft.paragraphs.order_by("order", "key").values_list("key", "generated_text"))
    ok = draft.status == SummaryStatus.READY and got == expected and (terminal or not _has_job_timeouts())
    detail = (f"生成中（{'已开始' if started else '未观察到开始'}）杀掉任务进程 {killed}；最终状态"
              f"「{draft.get_status_display()}」，{len(got)} 段，与不中断生成的 {len(expected)} 段"
              f"{'相同' if got == expected else '不同'}")  # fmt: skip
    differing = [(a, b) for a, b in zip(got, expected, strict=False) if a != b]
    if differing:
        (key, text), (_, want) = differing[0]
        notes.append(f"第一处不同（{key}）：{text[:120]} ≠ {want[:120]}")
    return Outcome("task worker killed mid-summary", ok, detail, notes)
