"""The statistics page and the dashboard read a snapshot: the same number of queries, and no write, whatever
the number of sub-units and records (docs/performance.md, "Rehearsal")."""

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from conftest import make_unit
from fulian.activities.tests.factories import make_activity
from fulian.core.periods import Period
from fulian.orgs.models import Level
from fulian.reports import snapshots

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def queue(settings):
    """Computations are queued, not run: the test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend


def computed(user, unit) -> None:
    snap = snapshots.snapshot_for(user=user, unit=unit, period=Period.year(YEAR), refresh=True)
    snapshots.compute(snapshot_id=snap.pk, user_id=user.pk)
    default_task_backend.clear()  # the job this queued has run


def opened(client, url: str) -> tuple[int, list[str], str]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return len(sql), sql, resp.content.decode()


def grow(cast, towns: int) -> None:
    """More towns, each with two villages and an activity, and more activities in the first town."""
    for t in range(towns):
        town = make_unit(cast.county, name=f"新建镇{t}", level=Level.TOWN, code=f"511781{300 + t}")
        for v in range(2):
            make_unit(town, name=f"新建镇{t}村{v}", level=Level.VILLAGE, code=f"511781{300 + t}{200 + v}")
        make_activity(cast.county_user, town, day=datetime.date(YEAR, 5, 1 + t), participant_count=10)
    for i in range(5):
        make_activity(cast.chair_a, cast.town_a, day=datetime.date(YEAR, 6, 1 + i), participant_count=20)


def table_of_page(page: str) -> str:
    start = page.index('data-testid="stats-heading"')
    return page[start : page.index("</table>", start)]


@pytest.mark.parametrize("page", ["stats", "dashboard"])
def test_a_snapshot_page_costs_the_same_queries_and_writes_nothing_whatever_the_size(
    cast, login, clock, queue, page
):
    clock.set("2026-12-01T10:00", tick=False)
    make_activity(cast.chair_a, cast.town_a, day=datetime.date(YEAR, 3, 8), participant_count=30)
    url = reverse(f"reports:{page}") + f"?unit={cast.county.pk}&kind=year&year={YEAR}"
    c = login(cast.county_user)
    computed(cast.county_user, cast.county)
    c.get(url)  # the session and the scope settle
    small, _, small_page = opened(c, url)

    grow(cast, towns=6)
    computed(cast.county_user, cast.county)
    large, sql, large_page = opened(c, url)

    assert "新建镇5" not in small_page
    assert "新建镇5" in large_page  # the page does show the larger county
    assert large == small
    writes = [q for q in sql if q.split()[0] in ("INSERT", "UPDATE", "DELETE") and "django_session" not in q]
    assert writes == []  # a fresh snapshot is read, never queued again
    assert not queue.results


def test_the_table_is_rendered_once_per_computation_and_new_figures_show_at_once(
    cast, login, clock, queue, monkeypatch
):
    stats_view = importlib.import_module("fulian.reports.views.stats")  # the package exports the view
    rendered = []
    real = stats_view.with_cells
    monkeypatch.setattr(stats_view, "with_cells", lambda table: rendered.append(1) or real(table))
    clock.set("2026-12-01T10:00", tick=False)
    make_activity(cast.chair_a, cast.town_a, day=datetime.date(YEAR, 3, 8), participant_count=31)
    url = reverse("reports:stats") + f"?unit={cast.county.pk}&kind=year&year={YEAR}"
    c = login(cast.county_user)
    computed(cast.county_user, cast.county)
    first, second = (table_of_page(c.get(url).content.decode()) for _ in range(2))
    assert first == second
    assert len(rendered) == 1  # the second visit reused the rendered table
    assert ">31<" in first

    make_activity(cast.chair_a, cast.town_a, day=datetime.date(YEAR, 4, 8), participant_count=12)
    computed(cast.county_user, cast.county)
    assert ">43<" in table_of_page(c.get(url).content.decode())  # a new computation is rendered anew
    assert len(rendered) == 2
    # another scope has its own snapshot: the town chair never gets the county's rendered table
    town = login(cast.chair_a).get(reverse("reports:stats") + f"?unit={cast.county.pk}&kind=year&year={YEAR}")
    assert town.status_code == 404
