"""id_number_hash__in is one array parameter on PostgreSQL (= ANY), IN elsewhere: same rows either way.
name__startswith is an index range on SQLite and LIKE with the pattern operator class on PostgreSQL."""

from django.db import connection

from fulian.people.models import Person
from fulian.people.tests.factories import PersonFactory


def test_hash_in_finds_the_same_rows_on_every_database(cast):
    people = [PersonFactory(village=cast.village_a1) for _ in range(3)]
    wanted = {people[0].id_number_hash, people[2].id_number_hash, "0" * 64}
    qs = Person.objects.filter(id_number_hash__in=wanted)
    assert set(qs) == {people[0], people[2]}
    assert not Person.objects.filter(id_number_hash__in=[]).exists()
    assert set(
        Person.objects.filter(
            id_number_hash__in=Person.objects.filter(pk=people[1].pk).values("id_number_hash")
        )
    ) == {people[1]}
    sql, params = qs.query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        assert len(params) == 1
        assert isinstance(params[0], str)  # hex hashes: one array literal
        odd = ["含,逗号", 'a"b', "NULL", ""]  # anything else goes as a list, element by element
        assert not Person.objects.filter(id_number_hash__in=odd).exists()
        assert Person.objects.filter(id_number_hash__in=[*odd, people[1].id_number_hash]).get() == people[1]
    else:
        assert len(params) == 3


def test_a_chinese_name_prefix_reads_the_name_index(cast):
    PersonFactory(village=cast.village_a1, name="王芳")
    qs = Person.objects.filter(name__startswith="王").values_list("id", "name_pinyin")
    sql, params = qs.query.sql_with_params()
    if connection.vendor == "sqlite":
        assert ">= %s AND" in sql
        assert params == ("王", "王\U0010ffff")
    else:
        assert "LIKE" in sql
    if connection.vendor == "sqlite":
        # The range rewrite is SQLite's (its LIKE cannot use an index); PostgreSQL's planner picks among
        # the indexes by its statistics, which on a one-row table say nothing.
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "person_name_walk" in plan
    assert list(qs.values_list("name", flat=True)) == ["王芳"]
