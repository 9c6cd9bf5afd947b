"""Personal data at rest: encrypted columns, keyed hash, masking."""

from datetime import date

import pytest
from django.db import connection

from fulian.core import crypto
from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory


def test_raw_table_does_not_contain_the_id_number_or_mobile_in_clear(cast):
    person = PersonFactory(village=cast.village_a1, mobile="13912345678", notes="家暴求助，住院中")
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {Person._meta.db_table} WHERE id = %s", [person.pk])  # noqa: S608
        row = cur.fetchone()
    dump = " ".join(str(v) for v in row)
    assert person.id_number not in dump
    assert person.id_number[6:14] + person.id_number[14:] not in dump
    assert "13912345678" not in dump
    assert "家暴" not in dump
    with connection.cursor() as cur:
        cur.execute(f"SELECT id_number FROM {Person._meta.db_table} WHERE id = %s", [person.pk])  # noqa: S608
        stored = cur.fetchone()[0]
    assert crypto.is_encrypted(stored)
    assert crypto.decrypt(stored) == person.id_number


def test_model_reads_back_plaintext_and_finds_by_hash(cast):
    person = PersonFactory(village=cast.village_a1)
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.id_number == person.id_number
    assert (
        Person.objects.get(id_number_hash=crypto.lookup_hash(person.id_number, purpose="id_number")) == fresh
    )


def test_masked_forms(cast):
    person = PersonFactory(village=cast.village_a1, mobile="13912345678")
    assert person.id_number_masked == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert person.mobile_masked == "139****5678"


def test_saving_keeps_derived_columns_in_step(cast):
    person = Person.objects.create(name="曾丽", birth_date="1990-01-01", village=cast.village_a1)
    assert person.village_path == cast.village_a1.path
    assert (person.name_pinyin, person.name_initials) == ("zengli", "zl")
    assert person.name_strokes.startswith("12.")


def test_the_database_itself_refuses_a_second_record_with_the_same_id_number(cast):
    """The partial unique index survives the migrations on both databases (not only the service's check)."""
    from django.db import IntegrityError, transaction

    from fulian.core.idcard import make_id_number
    from fulian.people.services import person_build

    number = make_id_number("511781", date(1980, 5, 6), 2)
    Person.objects.bulk_create([person_build(name="甲", birth_date=date(1980, 5, 6), id_number=number,
                                             village=cast.village_a1)])  # fmt: skip
    with pytest.raises(IntegrityError, match=r"(?i)unique|duplicate"), transaction.atomic():
        Person.objects.bulk_create([person_build(name="乙", birth_date=date(1980, 5, 6), id_number=number,
                                                 village=cast.village_a2)])  # fmt: skip
    blank = [
        person_build(name=f"无证{i}", birth_date=date(1990, 1, 1), village=cast.village_a1) for i in range(2)
    ]
    assert len(Person.objects.bulk_create(blank)) == 2  # people without an ID number are not constrained


def test_the_registry_table_has_exactly_the_indexes_the_model_declares(db):
    """Each index costs every imported row, and Django's AlterField drops indexes by column (it once
    took the unique ID-number index with it): the table must hold the declared indexes and no others.
    On PostgreSQL, (name, birth date, …) carries the pattern operator class that serves name LIKE '张%'."""
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Person._meta.db_table)
    indexes = {name for name, info in found.items() if info["index"] and not info["primary_key"]}
    declared = {i.name for i in Person._meta.indexes} | {c.name for c in Person._meta.constraints}
    foreign_keys = {f"people_person_{f}_id" for f in ("village", "created_by")}  # Django's own FK indexes
    assert {n for n in indexes if n not in declared} == {
        n for n in indexes if any(n.startswith(prefix + "_") for prefix in foreign_keys)
    }
    assert len(indexes - declared) == 2
    assert declared <= indexes
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_walk'")
            assert "varchar_pattern_ops" in cursor.fetchone()[0]
