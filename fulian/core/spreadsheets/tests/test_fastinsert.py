"""fastinsert.insert stores exactly what bulk_create stores, and sets the primary keys."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from fulian.core.idcard import make_id_number
from fulian.core.spreadsheets import fastinsert
from fulian.core.spreadsheets.models import ImportJob

pytestmark = pytest.mark.django_db
COLUMNS = ["user_id", "spec", "unit_id", "unit_path", "file", "original_name", "size", "strict", "status",
           "errors", "preview", "message"]  # fmt: skip


def _jobs(cast, tag: str, n: int) -> list[ImportJob]:
    return [
        ImportJob(user=cast.chair_a, spec="people", unit=cast.town_a, unit_path=cast.town_a.path,
                  file=f"imports/{tag}{i}.xlsx", original_name=f"表{i}.xlsx", size=i, strict=bool(i % 2),
                  errors=[{"row": i, "message": "错误"}], preview=[], message="说明")
        for i in range(n)
    ]  # fmt: skip


def _stored(pks) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {', '.join(COLUMNS)} FROM {ImportJob._meta.db_table} WHERE id IN %s ORDER BY id"  # noqa: S608
            % ("(" + ", ".join(["%s"] * len(pks)) + ")"),
            list(pks),
        )
        return cur.fetchall()


def test_same_rows_as_bulk_create_with_keys_set(cast):
    n = 1200  # more than one batch on every backend
    ours = fastinsert.insert(ImportJob, _jobs(cast, "a", n))
    theirs = ImportJob.objects.bulk_create(_jobs(cast, "a", n))
    assert all(j.pk and not j._state.adding for j in ours)
    assert len({j.pk for j in ours}) == n
    assert _stored([j.pk for j in ours]) == _stored([j.pk for j in theirs])
    first = ImportJob.objects.get(pk=ours[0].pk)
    assert first.created_at is not None
    assert first.errors == [{"row": 0, "message": "错误"}]
    assert [j.original_name for j in ImportJob.objects.filter(pk__in=[j.pk for j in ours[:3]])] == [
        "表2.xlsx", "表1.xlsx", "表0.xlsx"  # ordering is -created_at, -id
    ]  # fmt: skip


def test_empty_list_writes_nothing(cast):
    assert fastinsert.insert(ImportJob, []) == []
    assert not ImportJob.objects.exists()


def test_keys_follow_on_and_are_never_reused(cast):
    """The keys fastinsert takes (from the sequence on PostgreSQL, counted on from the highest key and
    SQLite's AUTOINCREMENT counter there) are the keys the database would have given."""
    first = fastinsert.insert(ImportJob, _jobs(cast, "a", 5))
    last_pk = first[-1].pk
    ImportJob.objects.filter(pk__in=[j.pk for j in first[-2:]]).delete()  # the highest keys go away
    again = fastinsert.insert(ImportJob, _jobs(cast, "b", 3))
    assert min(j.pk for j in again) > last_pk  # a deleted row's key is not handed out again
    saved = ImportJob.objects.create(
        user=cast.chair_a, spec="people", unit=cast.town_a, unit_path="x", size=1
    )
    assert saved.pk > max(j.pk for j in again)  # the database's own counter moved past them
    assert sorted(j.pk for j in again) == list(range(again[0].pk, again[0].pk + 3))


def test_gc_is_paused_while_rows_stream_and_resumed_after_even_on_error():
    import gc

    from fulian.core.spreadsheets.engine import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="a row failed"), gc_paused():
        raise RuntimeError("a row failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_writes_in_background_write_in_order_and_raise_inside_the_transaction(cast):
    """The writes run on a worker thread (PostgreSQL: COPY; SQLite: a staging table moved over by one
    INSERT … SELECT). The rows are there, with their types, once a query needs them and once the block
    ends; a failed write is raised when the block ends, so the transaction around it rolls back; on
    SQLite the staging table is gone afterwards."""
    from django.db import IntegrityError, connection, transaction

    from fulian.core.spreadsheets.fastinsert import insert_rows, writes_in_background
    from fulian.people.models import Person
    from fulian.people.services import person_row

    def row(name, number=""):
        return person_row(name=name, gender="F", birth_date=date(1980, 5, 6), id_number=number,
                          village=cast.village_a1)  # fmt: skip

    with transaction.atomic(), writes_in_background():
        first = insert_rows(Person, [row(f"甲{i}") for i in range(3)])
        second = insert_rows(Person, [row(f"乙{i}") for i in range(2)])
        assert len(set(first + second)) == 5  # keys reserved ahead (PostgreSQL) are never given twice
        assert Person.objects.filter(pk__in=first + second).count() == 5  # a query waits for the writes
    assert list(Person.objects.filter(pk__in=first).order_by("pk").values_list("name", flat=True)) == [
        "甲0", "甲1", "甲2"
    ]  # fmt: skip
    kept = Person.objects.get(pk=second[0])
    assert (kept.birth_date, kept.group_id, kept.village_id) == (date(1980, 5, 6), None, cast.village_a1.pk)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE name LIKE %s", ["fastinsert%"])
            assert cursor.fetchone()[0] == 0
    number = make_id_number("511781", date(1980, 5, 6), 8)
    before = Person.objects.count()

    def same_number_twice():
        with transaction.atomic(), writes_in_background():
            insert_rows(Person, [row("丙", number)])
            insert_rows(Person, [row("丁", number)])  # the same ID number: the unique index refuses it

    with pytest.raises(IntegrityError, match=r"(?i)unique|duplicate"):
        same_number_twice()
    assert Person.objects.count() == before


def test_binary_copy_only_where_the_types_allow_and_left_out_text_is_empty_not_null(cast):
    """PostgreSQL: binary COPY for the registry's and the job table's types; a table with a type outside
    the list (the access log's inet) is copied as text, and its rows are stored all the same. On every
    database a text field the row leaves out is stored as Django stores it: "" (not NULL)."""
    from fulian.core.models import AccessLog
    from fulian.people.models import Person

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model, binary in ((Person, True), (ImportJob, True), (AccessLog, False)):
                opts = model._meta
                names = [f.column for f in opts.concrete_fields]
                types = fastinsert._binary_types(cursor.cursor, opts.db_table, names)
                assert (types is not None) is binary, opts.db_table
    (key,) = fastinsert.insert_rows(
        AccessLog,
        [{"user_id": cast.chair_a.pk, "action": "view", "target_type": "person", "target_id": "7",
          "unit_id": cast.town_a.pk, "unit_path": cast.town_a.path, "ip": "192.0.2.1"}],
    )  # fmt: skip
    log = AccessLog.objects.get(pk=key)
    assert (log.ip, log.unit_path, log.user_id) == ("192.0.2.1", cast.town_a.path, cast.chair_a.pk)
    assert (log.target_label, log.detail) == ("", "")
