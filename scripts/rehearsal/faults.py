"""The faults of the rehearsal, each with its outcome checked by the database itself.

Every fault runs while a small steady load writes activities with a unique title each (`Writer`), so that
afterwards every write the server acknowledged is found exactly once, none twice, and none in part (an
activity is one row plus its change-history entry, written in one transaction).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from .cluster import Cluster

TERMINAL_BOUND_S = 120


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    notes: list[str] = field(default_factory=list)


class Writer(threading.Thread):
    """Records activities through the API, round-robin over the web servers, until stopped."""

    def __init__(self, cluster: Cluster, world: dict):
        super().__init__(daemon=True)
        self.cluster, self.world = cluster, world
        self.acked: list[str] = []
        self.failed: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.halt.is_set():
            host = self.cluster.hosts[n % len(self.cluster.hosts)]
            n += 1
            title = f"fault-{secrets.token_hex(6)}"
            body = {"type": self.world["activity_types"][0], "title": title, "start_date": "2025-06-01",
                    "unit": self.world["town"], "place": "村活动室", "participant_count": 10}  # fmt: skip
            try:
                status = request(host, "/api/v1/activities/", self.world, "r_town", body)
            except OSError:
                status = 0
            (self.acked if status == 201 else self.failed).append(title)
            time.sleep(0.2)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=30)


def request(host: str, path: str, world: dict, session_of: str, body: dict | None = None, timeout=30) -> int:
    csrf = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={world['sessions'][session_of][0]}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    url = host + urllib.parse.quote(path, safe="/?=&")
    req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - local URL
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def writes_intact(writer: Writer) -> tuple[bool, str]:
    """Every acknowledged write once, no write twice, none without its change-history entry. Checked on a
    thread of its own, hence with new database connections (this process's may have died with the
    primary)."""
    out: list = []

    def check() -> None:
        from django.db import connections

        try:
            out.append(_writes_intact(writer))
        except Exception as exc:
            out.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=check)
    thread.start()
    thread.join()
    if isinstance(out[0], Exception):
        raise out[0]
    return out[0]


def _writes_intact(writer: Writer) -> tuple[bool, str]:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from fulian.activities.models import Activity

    titles = writer.acked + writer.failed
    counts = dict(
        Activity.objects.filter(title__in=titles)
        .values_list("title")
        .annotate(n=Count("id"))
        .values_list("title", "n")
    )
    lost = [t for t in writer.acked if counts.get(t, 0) != 1]
    doubled = [t for t, n in counts.items() if n > 1]
    ids = list(Activity.objects.filter(title__in=titles).values_list("pk", flat=True))
    ct = ContentType.objects.get_for_model(Activity)
    logged = set(LogEntry.objects.filter(content_type=ct, object_pk__in=[str(i) for i in ids]).values_list(
        "object_pk", flat=True))  # fmt: skip
    partial = [i for i in ids if str(i) not in logged]
    ok = not lost and not doubled and not partial
    detail = (f"确认写入 {len(writer.acked)} 条、失败 {len(writer.failed)} 条；丢失 {len(lost)}、"
              f"重复 {len(doubled)}、缺变更记录 {len(partial)}")  # fmt: skip
    return ok, detail


def web_worker_killed(cluster: Cluster, world: dict) -> Outcome:
    """SIGKILL one gunicorn worker while requests are in flight: those fail, the master starts a new
    worker, the next requests succeed, and no acknowledged write is lost or doubled."""
    writer = Writer(cluster, world)
    writer.start()
    time.sleep(3)
    in_flight: list = []
    slow = threading.Thread(
        target=lambda: in_flight.append(
            _try(
                request,
                cluster.hosts[0],
                # the page of one figure computes the county's table in the request (the statistics page
                # shows the task workers' snapshot): seconds of work to cut
                f"/reports/figure/activities.count/?unit={world['county']}&kind=year&year=2025",
                world,
                "county",
            )
        )
    )
    slow.start()
    time.sleep(0.3)
    victims = cluster.web_worker_pids(0)
    os.kill(victims[0], signal.SIGKILL)
    time.sleep(5)
    after = [request(h, "/people/?q=测试", world, "r_town") for h in cluster.hosts for _ in range(3)]
    slow.join(timeout=60)
    writer.stop()
    ok, detail = writes_intact(writer)
    respawned = set(cluster.web_worker_pids(0)) - set(victims)
    ok = ok and all(s == 200 for s in after) and bool(respawned)
    cut = in_flight[0] if in_flight else "无结果"
    text = f"杀掉 gunicorn 工作进程 {victims[0]}（进行中的数字来源请求：{cut}），新进程 {sorted(respawned)}"
    return Outcome("web worker killed mid-request", ok, f"{text}；之后请求 {after}；{detail}")


def replica_stopped(cluster: Cluster, world: dict) -> Outcome:
    """Stop the replica during load: the heavy reads go to the primary; writes are unaffected."""
    writer = Writer(cluster, world)
    writer.start()
    cluster.replica.stop("fast")
    time.sleep(3)
    statuses = [
        request(h, path, world, "county")
        for h in cluster.hosts
        for path in (f"/reports/stats/?unit={world['county']}&kind=year&year=2025", "/api/v1/persons/", "/")
    ]
    cluster.replica.start()
    time.sleep(3)
    writer.stop()
    ok, detail = writes_intact(writer)
    ok = ok and all(s == 200 for s in statuses)
    return Outcome("replica stopped during load", ok, f"副本停止期间统计/接口列表/首页 {statuses}；{detail}")


def primary_restarted(cluster: Cluster, world: dict) -> Outcome:
    """Crash-restart the primary (immediate mode) during load: requests in between fail cleanly (5xx, no
    hang), the servers recover without a restart of their own, and no row is doubled."""
    writer = Writer(cluster, world)
    writer.start()
    time.sleep(2)
    cluster.primary.stop("immediate")
    during = [_try(request, h, "/people/?q=测试", world, "r_town", timeout=15) for h in cluster.hosts]
    cluster.primary.start()
    deadline = time.monotonic() + 60
    after: list = []
    while time.monotonic() < deadline:
        after = [_try(request, h, "/people/?q=测试", world, "r_town") for h in cluster.hosts]
        if all(s == 200 for s in after):
            break
        time.sleep(1)
    time.sleep(2)
    writer.stop()
    ok, detail = writes_intact(writer)
    ok = ok and all(s == 200 for s in after) and all(s != 200 for s in during)
    return Outcome("primary restarted during load", ok, f"主库停止时请求 {during}，恢复后 {after}；{detail}")


def _try(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except OSError as exc:
        return f"连接失败（{type(exc).__name__}）"
