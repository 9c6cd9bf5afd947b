"""The read-replica router (fulian/core/replicas.py), on SQLite and PostgreSQL alike.

The "replica" alias is the test database itself (TEST MIRROR, root conftest.py), so these tests run with
real transactions; a replica that is down or lags is simulated by patching its one health query
(`measure_lag`). What is checked is where each query goes: the replica connection's own query log.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulian.core import replicas
from fulian.core.replicas import ReplicaRouter, reading_from_replica
from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_REPLICAS = ["replica"]
    settings.FULIAN = {
        **settings.FULIAN,
        "REPLICA_MAX_LAG_SECONDS": 5,
        "REPLICA_CHECK_SECONDS": 5,
        "REPLICA_PIN_SECONDS": 10,
    }
    replicas.reset_health()
    yield
    replicas.reset_health()


class _Queries(list):
    pass


@contextmanager
def replica_queries():
    """The statements the replica connection ran inside the block (filled in when it ends)."""
    queries = _Queries()
    with CaptureQueriesContext(connections["replica"]) as ctx:
        yield queries
    queries.extend(ctx.captured_queries)


def statements(queries) -> list[str]:
    return [q["sql"].split()[0].upper() for q in queries]


def test_without_replicas_everything_reads_the_primary(cast, settings):
    settings.DATABASE_REPLICAS = []
    with replica_queries() as queries, reading_from_replica():
        assert Person.objects.all().db == "default"
        list(Person.objects.all())
    assert queries == []


def test_heavy_reads_go_to_the_replica_and_everything_else_to_the_primary(cast, with_replica):
    PersonFactory(village=cast.village_a1, name="张丽")
    assert Person.objects.all().db == "default"
    with replica_queries() as queries, reading_from_replica():
        assert Person.objects.all().db == "replica"
        assert [p.name for p in Person.objects.all()] == ["张丽"]
    assert statements(queries)[-1] == "SELECT"
    assert Person.objects.all().db == "default"  # the block is over


def test_writes_never_go_to_a_replica(cast, with_replica):
    router = ReplicaRouter()
    with replica_queries() as queries, reading_from_replica():
        person = PersonFactory(village=cast.village_a1, name="张丽")
        assert person._state.db == "default"
        Person.objects.filter(pk=person.pk).update(notes="已走访")
        twin = Person(name="王芳", birth_date=person.birth_date, village=cast.village_a1)
        Person.objects.bulk_create([twin])
        Person.objects.filter(name="王芳").delete()
        assert router.db_for_write(Person) == "default"
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements(queries))
    assert Person.objects.get(pk=person.pk).notes == "已走访"


def test_a_model_written_in_the_block_is_read_back_from_the_primary(cast, with_replica):
    from fulian.orgs.models import OrgUnit

    with reading_from_replica():
        assert Person.objects.all().db == "replica"
        PersonFactory(village=cast.village_a1)
        assert Person.objects.all().db == "default"  # read-your-writes inside the block
        assert OrgUnit.objects.all().db == "replica"  # other models are not affected


def test_reads_inside_a_transaction_stay_on_the_primary_unless_the_block_says_so(cast, with_replica):
    with transaction.atomic():
        with reading_from_replica():
            assert Person.objects.all().db == "default"
        with reading_from_replica(in_transaction=True):
            assert Person.objects.all().db == "replica"


def test_replica_down_reads_go_to_the_primary(cast, with_replica, caplog):
    down = OperationalError('connection to server at "127.0.0.1", port 5433 failed: Connection refused')
    with (
        mock.patch.object(replicas, "measure_lag", side_effect=down),
        replica_queries() as queries,
        reading_from_replica(),
    ):
        assert Person.objects.all().db == "default"
        list(Person.objects.all())
    assert queries == []
    assert "只读副本 replica 不可用" in caplog.text
    assert "无法连接" in replicas.replica_health("replica").reason


@pytest.mark.parametrize(
    ("lag", "expected"), [(0.0, "replica"), (5.0, "replica"), (5.01, "default"), (30, "default")]
)
def test_a_replica_lagging_past_the_setting_is_not_read(cast, with_replica, lag, expected):
    with mock.patch.object(replicas, "measure_lag", return_value=lag), reading_from_replica():
        assert Person.objects.all().db == expected


def test_health_is_asked_at_most_once_per_check_interval(cast, with_replica):
    clock = mock.Mock(return_value=1000.0)
    with (
        mock.patch.object(replicas, "measure_lag", return_value=0.0) as lag,
        mock.patch.object(replicas.time, "monotonic", clock),
    ):
        for _ in range(3):
            with reading_from_replica():
                list(Person.objects.all())
        assert lag.call_count == 1
        clock.return_value = 1004.9  # just inside REPLICA_CHECK_SECONDS = 5
        replicas.replica_health("replica")
        assert lag.call_count == 1
        clock.return_value = 1005.0
        replicas.replica_health("replica")
        assert lag.call_count == 2


def test_a_replica_that_recovers_is_read_again_after_the_next_check(cast, with_replica):
    clock = mock.Mock(return_value=1000.0)
    with mock.patch.object(replicas.time, "monotonic", clock):
        with (
            mock.patch.object(replicas, "measure_lag", side_effect=OperationalError("down")),
            reading_from_replica(),
        ):
            assert Person.objects.all().db == "default"
        with mock.patch.object(replicas, "measure_lag", return_value=0.0), reading_from_replica():
            assert Person.objects.all().db == "default"  # still the cached verdict
            clock.return_value = 1006.0
        with mock.patch.object(replicas, "measure_lag", return_value=0.0), reading_from_replica():
            assert Person.objects.all().db == "replica"


def test_a_decorated_read_whose_replica_fails_is_run_again_on_the_primary(cast, with_replica, caplog):
    PersonFactory(village=cast.village_a1, name="张丽")
    calls = []

    @reading_from_replica()
    def names():
        qs = Person.objects.all()
        calls.append(qs.db)
        found = [p.name for p in qs]
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return found

    with mock.patch.object(replicas, "_usable", return_value=False):
        assert names() == ["张丽"]
    assert calls == ["replica", "default"]
    assert replicas.replica_health("replica").ok is False
    assert "查询失败" in caplog.text


def test_a_decorated_block_that_wrote_is_not_run_twice(cast, with_replica):
    calls = []

    @reading_from_replica()
    def write_then_fail():
        list(Person.objects.all())
        calls.append(PersonFactory(village=cast.village_a1))
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError, match="server closed"):
        write_then_fail()
    assert len(calls) == 1


def test_the_replica_is_never_migrated(with_replica):
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "people") is False
    assert router.allow_migrate("default", "people") is None


# --- read-your-writes across requests --------------------------------------------------------------


def test_a_user_sees_her_own_write_at_once(cast, with_replica, client):
    """After she saves, her next pages read the primary (which has her write); another user's pages
    still read the replica."""
    client.force_login(cast.chair_a)
    response = client.post(
        reverse("people:create"),
        {
            "name": "王芳",
            "id_number": "",
            "gender": "F",
            "birth_date": "1980-05-06",
            "village": cast.village_a1.pk,
            "ethnicity": "汉族",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert replicas.PIN_COOKIE in response.cookies
    with replica_queries() as queries:
        page = client.get("/api/v1/persons/")
    assert page.status_code == 200
    assert "王芳" in page.content.decode()
    assert queries == []  # pinned to the primary
    other = type(client)()
    other.force_login(cast.county_user)
    with replica_queries() as queries:
        assert other.get("/api/v1/persons/").status_code == 200
    assert "SELECT" in statements(queries)


@pytest.mark.parametrize(
    ("offset", "pinned"),
    [(-0.5, False), (0.5, True), (9.5, True), (10.5, False)],  # 10.5: beyond the pin, a forged cookie
)
def test_the_pin_cookie_pins_only_within_its_window(cast, with_replica, client, offset, pinned):
    client.force_login(cast.county_user)
    now = 1_800_000_000.0
    client.cookies[replicas.PIN_COOKIE] = f"{now + offset:.3f}"
    with mock.patch.object(replicas.time, "time", return_value=now), replica_queries() as queries:
        assert client.get("/api/v1/persons/").status_code == 200
    assert (queries == []) is pinned


def test_a_page_view_sets_no_pin(cast, with_replica, client):
    client.force_login(cast.chair_a)
    assert replicas.PIN_COOKIE not in client.get(reverse("people:list")).cookies


# --- the heavy pages read the replica --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",  # the dashboard
        "/reports/stats/?unit={county}&kind=year&year=2026",
        "/api/v1/persons/",
        "/people/export/",
    ],
)
def test_heavy_pages_read_the_replica(cast, with_replica, client, url):
    PersonFactory(village=cast.village_a1)
    client.force_login(cast.county_user)
    with replica_queries() as queries:
        response = client.get(url.format(county=cast.county.pk))
    assert response.status_code == 200
    assert "SELECT" in statements(queries)


def test_summary_drafting_reads_the_records_from_the_replica(cast, with_replica):
    from fulian.core.periods import Period
    from fulian.reports.models import SummaryDraft
    from fulian.reports.services import summary_create

    PersonFactory(village=cast.village_a1)
    with replica_queries() as queries:
        draft = summary_create(
            user=cast.chair_a, unit=cast.town_a, period=Period.year(2026), background=False
        )
    assert "SELECT" in statements(queries)
    assert SummaryDraft.objects.get(pk=draft.pk).paragraphs.exists()  # written to the primary
