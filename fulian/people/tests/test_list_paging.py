"""The list page finds its rows in two steps (keys, then rows) and searches pinyin by index ranges: the
pages must hold exactly the rows of the plain filtered list, in the same order, whatever the search."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian.core import pinyin
from fulian.people import selectors
from fulian.people.models import Person
from fulian.people.selectors import (
    PersonFilters,
    person_list_paginator,
    person_list_visible_to,
    prefix_bounds,
)
from fulian.people.tests.factories import PersonFactory

PINYIN_CHARS = string.digits + string.ascii_lowercase
NAMES = [
    "张丽",
    "张华",
    "赵辉",
    "周红",
    "曾丽",
    "朱海燕",
    "郑小红",
    "王芳",
    "张",
    "钟",
    "庄子涵",
    "李娜",
    "安娜",
]


@given(
    prefix=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=4),
    value=st.text(alphabet=PINYIN_CHARS, max_size=8),
)
def test_prefix_bounds_hold_exactly_the_strings_with_the_prefix(prefix, value):
    low, high = prefix_bounds(prefix)
    inside = low <= value and (high is None or value < high)
    assert inside == value.startswith(prefix)


@pytest.mark.parametrize("prefix", ["z", "zz", "az", "a9", "zh", "l"])
def test_the_database_agrees_with_the_range(cast, prefix):
    values = [
        "z",
        "zz",
        "zza",
        "z0",
        "za",
        "az",
        "aza",
        "b",
        "a9",
        "a9z",
        "aa",
        "zh",
        "zhang",
        "zi",
        "l",
        "lz",
    ]
    for value in values:
        p = PersonFactory(village=cast.village_a1, id_number="")
        Person.objects.filter(pk=p.pk).update(name_pinyin=value)
    found = set(
        Person.objects.filter(selectors._pinyin_prefix("name_pinyin", prefix)).values_list(
            "name_pinyin", flat=True
        )
    )
    assert found == {v for v in values if v.startswith(prefix)}


@pytest.fixture
def crowd(cast):
    people = []
    for i in range(3):
        for name in NAMES:
            village = cast.village_a1 if i % 2 else cast.village_a2
            people.append(PersonFactory(village=village, name=name, id_number=""))
    PersonFactory(village=cast.village_b1, name="张丽", id_number="")  # another town: never listed
    return people


def _all_pages(user, filters, per_page):
    paginator = person_list_paginator(user=user, filters=filters, per_page=per_page, cap=1000)
    return [p.pk for n in paginator.page_range for p in paginator.page(n)], paginator


@pytest.mark.parametrize("q", ["", "z", "zh", "zl", "zhangli", "zhang", "hy", "张", "l", "zz"])
@pytest.mark.parametrize("sort", ["pinyin", "strokes", "-created"])
def test_pages_are_the_filtered_list_in_order(cast, crowd, q, sort):
    filters = PersonFilters(q=q, sort=sort)
    paged, paginator = _all_pages(cast.chair_a, filters, per_page=4)
    listed = list(person_list_visible_to(user=cast.chair_a, filters=filters).values_list("pk", flat=True))
    assert paged == listed
    assert paginator.count == len(listed)
    in_town = [p for p in crowd if p.village_path.startswith(cast.town_a.path)]
    if q and q.isascii():
        expected = {
            p.pk
            for p in in_town
            if pinyin.full_pinyin(p.name).startswith(q) or pinyin.initials(p.name).startswith(q)
        }
    else:
        expected = {p.pk for p in in_town if p.name.startswith(q)}
    assert set(paged) == expected
    assert len(paged) == len(set(paged))  # someone matching both pinyin and initials is listed once


def test_search_alternatives_each_count_once(cast, crowd):
    # "zh": 张丽 (zhangli) matches by pinyin, 张华 by both pinyin and initials (zh), 赵辉 by both.
    paged, paginator = _all_pages(cast.chair_a, PersonFilters(q="zh"), per_page=50)
    names = sorted(Person.objects.filter(pk__in=paged).values_list("name", flat=True))
    assert names.count("张华") == 3
    assert names.count("周红") == 3  # zhouhong
    assert "赵辉" in names
    assert "王芳" not in names
    assert paginator.count == len(paged)


def test_count_is_capped_when_one_alternative_alone_exceeds_it(cast, crowd):
    paginator = person_list_paginator(user=cast.chair_a, filters=PersonFilters(q="zh"), per_page=2, cap=3)
    assert paginator.count == 3
    assert paginator.capped
    assert [p.name for p in paginator.page(1)] == [
        p.name for p in person_list_visible_to(user=cast.chair_a, filters=PersonFilters(q="zh"))[:2]
    ]


def test_filters_combine_with_the_search(cast, crowd):
    for q in ["zh", "z"]:
        filters = PersonFilters(q=q, unit=cast.village_a1.pk, gender="F", age_band="35-64")
        paged, _ = _all_pages(cast.chair_a, filters, per_page=3)
        listed = list(person_list_visible_to(user=cast.chair_a, filters=filters).values_list("pk", flat=True))
        assert paged == listed
        assert all(p.village_id == cast.village_a1.pk for p in Person.objects.filter(pk__in=paged))


def test_village_chair_pages_only_her_village(cast, crowd):
    paged, _ = _all_pages(cast.vchair_a1, PersonFilters(q="zh"), per_page=5)
    assert paged
    assert set(Person.objects.filter(pk__in=paged).values_list("village_id", flat=True)) == {
        cast.village_a1.pk
    }


def _sql_of_page(user, filters):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        paginator = person_list_paginator(user=user, filters=filters, per_page=4, cap=1000)
        list(paginator.page(1))
    return " ".join(q["sql"] for q in ctx.captured_queries if "people_person" in q["sql"])


@pytest.mark.parametrize("q", ["", "z", "zhang"])
def test_on_sqlite_the_scope_only_list_walks_the_pinyin_index(cast, crowd, q):
    """SQLite guesses that a scope's path range is small and would sort the whole range (2 s for a town of
    1,000,000 people); the list names the walk index instead. Same rows as the plain list (above)."""
    from django.db import connection

    sql = _sql_of_page(cast.chair_a, PersonFilters(q=q))
    hinted = 'INDEXED BY "person_pinyin_walk"' in sql
    assert hinted == (connection.vendor == "sqlite" and q != "zhang")  # "zhang" is two ranges (a union)
    assert 'INDEXED BY "person_pinyin_walk"' not in _sql_of_page(
        cast.chair_a, PersonFilters(q=q, sort="strokes")
    )


def test_no_walk_hint_for_a_number_or_a_village_group(cast, crowd):
    from conftest import make_unit
    from fulian.orgs.models import Level

    person = crowd[0]
    assert "INDEXED BY" not in _sql_of_page(cast.chair_a, PersonFilters(q="110101199003071234"))
    group = make_unit(cast.village_a1, name="一组", level=Level.GROUP)
    Person.objects.filter(pk=person.pk).update(group=group)
    sql = _sql_of_page(cast.chair_a, PersonFilters(unit=group.pk))
    assert "INDEXED BY" not in sql
    paged, _ = _all_pages(cast.chair_a, PersonFilters(unit=group.pk), per_page=3)
    assert paged == [person.pk]


@pytest.mark.parametrize("q", ["", "z"])
def test_the_walk_gives_the_village_chair_only_her_village_in_order(cast, crowd, q):
    paged, paginator = _all_pages(cast.vchair_a1, PersonFilters(q=q), per_page=3)
    listed = list(
        person_list_visible_to(user=cast.vchair_a1, filters=PersonFilters(q=q)).values_list("pk", flat=True)
    )
    assert paged == listed
    assert paged
    assert paginator.count == len(listed)
    assert set(Person.objects.filter(pk__in=paged).values_list("village_id", flat=True)) == {
        cast.village_a1.pk
    }


@pytest.mark.parametrize("q", ["z", "zh", "zl", "zhangli", "hy", "张", "张丽", "l", "zz", "1234"])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_a_pickers_first_results_are_the_first_matches_in_order(cast, crowd, q, limit):
    """person_search(limit=…) finds the first rows through the indexes alone, then reads them by key: the
    same rows, in the same order, as the plain search cut at the limit — and only the picker's rows."""
    base = selectors.pickable_people(cast.chair_a, "people.view", gender="F")
    plain = list(selectors.person_search(user=cast.chair_a, qs=base, q=q).values_list("pk", flat=True))
    first = list(
        selectors.person_search(user=cast.chair_a, qs=base, q=q, limit=limit).values_list("pk", flat=True)
    )
    assert first == plain[:limit]
    town = {p.pk for p in crowd if p.village_path.startswith(cast.town_a.path) and p.gender == "F"}
    assert set(first) <= town


def test_the_picker_endpoint_gives_the_first_matches(cast, crowd):
    from fulian.core import pickers

    results = pickers.results(user=cast.chair_a, name="employment-person", q="zh")
    base = pickers.rows_for(pickers.source("employment-person"), cast.chair_a, {})
    plain = selectors.person_search(user=cast.chair_a, qs=base, q="zh")[: pickers.RESULTS]
    assert [int(k) for k, _ in results] == [p.pk for p in plain]
    assert results
