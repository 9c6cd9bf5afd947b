"""The processes of the rehearsal on 127.0.0.1: a PostgreSQL primary and its streaming replica
(pg_basebackup -R), web servers (gunicorn) and task workers (manage.py db_worker). Each is started, stopped,
killed and restarted by the faults; `Cluster.close()` ends them all and deletes their files."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEEP_ALIVE = 5  # seconds gunicorn keeps an idle connection: longer than the load's pauses (start_web)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    folders = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for folder in folders:
        if os.access(f"{folder}/{name}", os.X_OK):
            return f"{folder}/{name}"
    return shutil.which(name) or name


def as_postgres(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's tools refuse to run as root: run them as the postgres user then."""
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


class Postgres:
    def __init__(self, tmp: Path, name: str, port: int):
        self.dir, self.port, self.name = tmp / name, port, name
        self.log = tmp / f"{name}.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/fulian"

    def pg_ctl(self, *args: str) -> None:
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.dir), "-l", str(self.log), "-w", "-t", "120", *args])

    def start(self) -> None:
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir.parent} -c fsync=off"
        self.pg_ctl("-o", opts, "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop")

    def running(self) -> bool:
        return (self.dir / "postmaster.pid").exists()


class Cluster:
    """Everything the rehearsal starts, so that close() can end it whatever happened."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="fulian-rehearse-"))
        if os.getuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        self.primary = Postgres(self.tmp, "primary", free_port())
        self.replica = Postgres(self.tmp, "replica", free_port())
        self.web: list[tuple[int, subprocess.Popen]] = []
        self.workers: list[subprocess.Popen] = []
        self.others: list[subprocess.Popen] = []  # the periodic clean-up, as production runs it
        self.field_key = ""

    # --- databases ------------------------------------------------------------------------------------

    def start_primary(self) -> None:
        as_postgres([pg_bin("initdb"), "-D", str(self.primary.dir), "-U", "postgres", "--auth=trust",
                     "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        with open(self.primary.dir / "postgresql.conf", "a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nmax_connections = 200\n")
        self.primary.start()
        as_postgres(
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres", "fulian"]
        )

    def start_replica(self) -> None:
        as_postgres([pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port),
                     "-U", "postgres", "-D", str(self.replica.dir), "-R", "-X", "stream",
                     "--checkpoint=fast"])  # fmt: skip
        self.replica.start()

    # --- application processes -----------------------------------------------------------------------

    def env(self, **extra) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.primary.url,
            "DATABASE_REPLICA_URL": self.replica.url,
            "FULIAN_FIELD_KEY": self.field_key,
            "SECRET_KEY": "rehearsal-only-" + "x" * 40,
            "FULIAN_VAR_DIR": str(self.tmp / "var"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DB_CONN_MAX_AGE": "0",
            "FULIAN_REPLICA_CHECK_SECONDS": "2",
            "FULIAN_IMPORT_INLINE_KB": "1",
            # Jobs whose worker died are failed after this long without a heartbeat (where jobs have one):
            # short here, so the faults see the killed jobs end within their bound.
            "FULIAN_JOB_TIMEOUT_SECONDS": "30",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), check=check,
                              capture_output=True, text=True)  # fmt: skip

    def start_web(self, n: int = 2) -> None:
        """Two gunicorn servers of 2 workers × 4 threads (docs/deploy.md "Rehearsal" says why). The clients
        talk to gunicorn directly, without nginx: its keep-alive must outlast the load's longest pause
        between two requests of a user (3 s), or the server closes an idle connection just as the client
        sends on it, and that request gets no response (gunicorn's default is 2 s)."""
        for i in range(n):
            port = free_port()
            log = open(self.tmp / f"web{i}.log", "w")  # noqa: SIM115 - kept open for the process
            proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2", "--threads", "4", "--timeout", "60", "--graceful-timeout", "5",
                 "--keep-alive", str(KEEP_ALIVE)],
                cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            self.web.append((port, proc))
        for port, _ in self.web:
            wait_http(f"http://127.0.0.1:{port}/healthz")

    @property
    def hosts(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port, _ in self.web]

    def start_worker(self) -> subprocess.Popen:
        log = open(self.tmp / f"worker{len(self.workers)}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=self.env(),
                                stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        self.workers.append(proc)
        return proc

    def start_cleanup(self, every: int) -> subprocess.Popen:
        """`manage.py jobs_cleanup --every N`, as docs/deploy.md runs it beside the task workers: it fails
        the jobs whose worker died (no heartbeat within FULIAN_JOB_TIMEOUT_SECONDS)."""
        log = open(self.tmp / "cleanup.log", "w")  # noqa: SIM115
        command = [sys.executable, "manage.py", "jobs_cleanup", "--every", str(every)]
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        self.others.append(proc)
        return proc

    def web_worker_pids(self, index: int = 0) -> list[int]:
        """The worker processes of one gunicorn (children of its master)."""
        master = self.web[index][1].pid
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def close(self, keep: bool = False) -> None:
        for proc in [p for _, p in self.web] + self.workers + self.others:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [p for _, p in self.web] + self.workers + self.others:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        for pg in (self.replica, self.primary):
            if pg.running():
                with contextlib.suppress(subprocess.CalledProcessError):
                    pg.stop("immediate")
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def wait_http(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - a local URL we built
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} 没有响应")
        time.sleep(0.5)
