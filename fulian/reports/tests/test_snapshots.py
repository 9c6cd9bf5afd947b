"""The statistics snapshot (fulian/reports/snapshots.py): fresh or stale at the boundary, one job per
snapshot, a snapshot only for users of the same scope, a failed or dead computation's state, the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from conftest import make_user
from fulian.core import figures as figures_module
from fulian.core.periods import Period
from fulian.core.roles import Role
from fulian.core.scoping import forget_scope, scope_for
from fulian.orgs.models import Membership
from fulian.reports import snapshots
from fulian.reports.models import SnapshotStatus, StatsSnapshot

pytestmark = pytest.mark.django_db

YEAR = Period.year(2026)


class Source:
    """One figure source whose value the test sets, that counts its calls and may fail. The admin sees one
    more than county staff: the figure depends on the scope, as the real ones do."""

    def __init__(self):
        self.value, self.calls, self.fail = 150, 0, None

    def figures(self, *, user, unit, start, end, group_by_child=False):
        if self.fail:
            raise RuntimeError(self.fail)
        if group_by_child:
            return {c.pk: {"aid.persons": 5} for c in type(unit).objects.get_children(unit)}
        self.calls += 1
        extra = 1 if scope_for(user).has_role(Role.ADMIN) else 0
        return {"aid.persons": self.value + extra, "aid.amount": Decimal("1234.50")}


@pytest.fixture
def source(monkeypatch):
    src = Source()
    meta = {"aid.persons": ("救助人数", "人", "count"), "aid.amount": ("救助金额", "元", "money")}
    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", src.figures, meta)})
    return src


@pytest.fixture
def queue(settings):
    """Jobs are recorded, not run: the test runs them (`run(snapshot)`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.FULIAN = {**settings.FULIAN, "STATS_SNAPSHOT_MINUTES": 10, "JOB_TIMEOUT_SECONDS": 600}
    default_task_backend.clear()
    return default_task_backend


def jobs_for(queue, snapshot) -> int:
    return sum(1 for r in queue.results if r.args[0] == snapshot.pk)


def run(snapshot, user) -> StatsSnapshot:
    snapshots.compute(snapshot_id=snapshot.pk, user_id=user.pk)
    snapshot.refresh_from_db()
    return snapshot


def test_fresh_up_to_the_boundary_stale_one_second_after(cast, source, queue, clock):
    clock.set("2026-06-15T10:00", tick=False)
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    assert (snap.status, snap.data, jobs_for(queue, snap)) == (SnapshotStatus.PENDING, None, 1)
    snap = run(snap, cast.county_user)
    assert (snap.status, snap.computed_at) == (SnapshotStatus.READY, timezone.now())
    assert snapshots.table_of(snap)["rows"][0]["value"] == 150

    clock.shift(timedelta(minutes=10))  # exactly the freshness window: still fresh, nothing queued
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    assert snapshots.is_fresh(snap)
    assert (snap.status, jobs_for(queue, snap)) == (SnapshotStatus.READY, 1)

    clock.shift(timedelta(seconds=1))  # one second older: stale, one computation queued
    source.value = 160
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    assert not snapshots.is_fresh(snap)
    assert (snap.status, jobs_for(queue, snap)) == (SnapshotStatus.PENDING, 2)
    assert snapshots.table_of(snap)["rows"][0]["value"] == 150  # the stale figures are shown meanwhile
    snap = run(snap, cast.county_user)
    assert snapshots.table_of(snap)["rows"][0]["value"] == 160
    assert snap.computed_at == timezone.now()


def test_one_job_per_snapshot_however_often_it_is_asked(cast, source, queue, clock):
    clock.set("2026-06-15T10:00", tick=False)
    for refresh in (False, False, True, True):  # pages on two servers, a double click on 刷新
        snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR, refresh=refresh)
    assert (StatsSnapshot.objects.count(), jobs_for(queue, snap)) == (1, 1)
    run(snap, cast.county_user)
    run(snap, cast.county_user)  # the same job delivered twice computes once
    assert source.calls == 2  # this year and last year, once each
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR, refresh=True)
    assert (snap.status, jobs_for(queue, snap)) == (SnapshotStatus.PENDING, 2)  # 刷新 of a fresh one


def test_a_snapshot_is_shared_only_by_users_of_the_same_scope(cast, source, queue):
    twin = make_user("county2", (cast.county, Role.COUNTY_STAFF))
    mine = run(snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR), cast.county_user)
    theirs = snapshots.snapshot_for(user=twin, unit=cast.county, period=YEAR)
    assert (theirs.pk, theirs.status, len(queue.results)) == (mine.pk, SnapshotStatus.READY, 1)

    admins = run(snapshots.snapshot_for(user=cast.admin, unit=cast.county, period=YEAR), cast.admin)
    assert admins.pk != mine.pk
    assert snapshots.table_of(admins)["rows"][0]["value"] == 151  # her own figures, not county staff's
    assert snapshots.table_of(mine)["rows"][0]["value"] == 150

    town = snapshots.snapshot_for(user=cast.chair_a, unit=cast.town_a, period=YEAR)
    assert town.audience not in (mine.audience, admins.audience)
    with pytest.raises(PermissionDenied, match="无权"):
        snapshots.snapshot_for(user=cast.chair_b, unit=cast.town_a, period=YEAR)


def test_a_job_whose_user_changed_scope_meanwhile_fails_and_computes_nothing(cast, source, queue):
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    Membership.objects.create(user=cast.county_user, unit=cast.town_b, role=Role.TOWN_CHAIR)
    forget_scope(cast.county_user)
    with pytest.raises(snapshots.ScopeChanged, match="请求统计的用户权限已变更"):
        snapshots.compute(snapshot_id=snap.pk, user_id=cast.county_user.pk)
    snap.refresh_from_db()
    assert (snap.status, snap.data, source.calls) == (SnapshotStatus.FAILED, None, 0)
    assert "权限已变更" in snap.error


def test_a_failed_job_keeps_the_old_figures_says_why_and_is_not_requeued_at_once(
    cast, source, queue, clock, login
):
    clock.set("2026-06-15T10:00", tick=False)
    snap = run(snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR), cast.county_user)
    clock.shift(timedelta(minutes=11))
    source.fail = "数据库连接中断"
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    with pytest.raises(RuntimeError, match="数据库连接中断"):
        snapshots.compute(snapshot_id=snap.pk, user_id=cast.county_user.pk)
    snap.refresh_from_db()
    assert (snap.status, snap.heartbeat_at) == (SnapshotStatus.FAILED, None)
    assert snap.error == "统计失败：数据库连接中断"
    assert snapshots.table_of(snap)["rows"][0]["value"] == 150

    page = login(cast.county_user).get(
        reverse("reports:stats"), {"unit": cast.county.pk, "kind": "year", "year": 2026}
    )
    html = page.content.decode()
    assert "统计失败：数据库连接中断" in html
    assert 'data-testid="snapshot-refresh"' in html
    assert "数据截至 2026年6月15日 10:00" in html
    assert jobs_for(queue, snap) == 2  # the page did not queue the failed one again

    clock.shift(timedelta(minutes=10, seconds=1))  # the failure is older than the freshness window
    snap = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    assert (snap.status, jobs_for(queue, snap)) == (SnapshotStatus.PENDING, 3)


def test_a_dead_worker_or_a_job_never_taken_up_fails_by_the_timeout(cast, source, queue, clock):
    clock.set("2026-06-15T10:00", tick=False)
    taken = snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR)
    never = snapshots.snapshot_for(user=cast.chair_a, unit=cast.town_a, period=YEAR)
    StatsSnapshot.objects.filter(pk=taken.pk).update(heartbeat_at=timezone.now())  # the worker took it, died
    clock.shift(timedelta(seconds=600))  # exactly the timeout: still running
    assert snapshots.fail_stale() == {"failed": 0}
    clock.shift(timedelta(seconds=1))
    assert snapshots.fail_stale() == {"failed": 2}
    for snap in (taken, never):
        snap.refresh_from_db()
        assert snap.status == SnapshotStatus.FAILED
        assert snap.error.startswith("后台处理中断：超过 10 分钟没有进展")
    run(taken, cast.county_user)  # the dead worker's job, delivered late, no longer writes
    assert (taken.status, taken.data) == (SnapshotStatus.FAILED, None)


def test_the_page_polls_while_computing_and_reloads_when_ready(cast, source, queue, clock, login):
    clock.set("2026-06-15T10:00", tick=False)
    query = {"unit": cast.county.pk, "kind": "year", "year": 2026}
    client = login(cast.county_user)
    for name in ("stats", "dashboard"):
        html = client.get(reverse(f"reports:{name}"), query).content.decode()
        assert "已排队等待后台计算统计数据" in html
        assert reverse("reports:stats_status") in html
        assert 'data-testid="stats-table"' not in html
    snap = StatsSnapshot.objects.get()
    status = client.get(reverse("reports:stats_status"), query)
    assert "HX-Refresh" not in status
    run(snap, cast.county_user)
    status = client.get(reverse("reports:stats_status"), query)
    assert status["HX-Refresh"] == "true"
    html = client.get(reverse("reports:stats"), query).content.decode()
    assert "数据截至 2026年6月15日 10:00" in html
    assert "1,234.50" in html
    assert reverse("reports:stats_status") not in html  # nothing running: no polling
    assert (
        f'href="{reverse("reports:figure", args=["aid.persons"])}?' in html
    )  # every figure opens its source


def test_the_refresh_button_queues_and_returns_to_the_page(cast, source, queue, login):
    query = f"unit={cast.county.pk}&kind=year&year=2026"
    client = login(cast.county_user)
    run(snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR), cast.county_user)
    response = client.post(reverse("reports:stats_refresh") + "?" + query, {"page": "dashboard"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:dashboard"))
    assert StatsSnapshot.objects.get().status == SnapshotStatus.PENDING
    assert len(queue.results) == 2


@pytest.mark.parametrize("name", ["stats_status", "stats_refresh"])
def test_four_access_checks(cast, source, queue, client, login, name):
    snapshots.snapshot_for(user=cast.chair_a, unit=cast.town_a, period=YEAR)
    url = reverse(f"reports:{name}") + f"?unit={cast.town_a.pk}&kind=year&year=2026"
    send = client.post if name == "stats_refresh" else client.get
    assert send(url).status_code == 302
    assert "/login" in send(url)["Location"]
    login(cast.volunteer_a1)
    assert send(url).status_code == 403  # a role without reports.view
    login(cast.chair_b)
    assert send(url).status_code == 404  # another town's officer
    login(cast.chair_a)
    assert send(url).status_code in (200, 302)


def test_decimals_keep_their_type_through_the_snapshot(cast, source, queue):
    snap = run(snapshots.snapshot_for(user=cast.county_user, unit=cast.county, period=YEAR), cast.county_user)
    snap = StatsSnapshot.objects.get(pk=snap.pk)
    amount = next(r for r in snapshots.table_of(snap)["rows"] if r["key"] == "aid.amount")
    assert amount["value"] == Decimal("1234.50")
    assert isinstance(amount["value"], Decimal)
