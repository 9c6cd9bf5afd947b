"""The ledgers' shared helpers (fulian/core/ledgers.py), each rule on both sides: the path copy, the
ancestor prefixes, the OR of subtree filters, whether a grant covers a unit (volunteers never do), the
shortcut that leaves the policy's filter out, and the merge of per-child totals."""

from __future__ import annotations

import pytest

from fulian.care.models import Volunteer
from fulian.core import ledgers
from fulian.orgs.models import OrgUnit


@pytest.mark.parametrize(
    ("path", "steplen", "expected"),
    [
        ("", 4, []),
        ("0001", 4, ["0001"]),
        ("00010002", 4, ["0001", "00010002"]),
        ("000100020003", 4, ["0001", "00010002", "000100020003"]),
        ("0102", 2, ["01", "0102"]),
    ],
)
def test_path_prefixes_are_every_ancestor_and_itself(path, steplen, expected):
    assert ledgers.path_prefixes(path, steplen) == expected


def test_path_prefixes_default_step_is_four():
    assert ledgers.path_prefixes("00010002") == ["0001", "00010002"]


@pytest.mark.django_db
def test_paths_q_is_the_union_of_subtrees_and_nothing_when_empty(cast):
    units = OrgUnit.objects.all()
    assert not units.filter(ledgers.paths_q([], "path")).exists()
    one = set(units.filter(ledgers.paths_q([cast.town_a.path], "path")).values_list("pk", flat=True))
    assert one == {cast.town_a.pk, cast.village_a1.pk, cast.village_a2.pk, cast.group_a1.pk}
    both = set(
        units.filter(ledgers.paths_q([cast.village_a2.path, cast.town_b.path], "path")).values_list(
            "pk", flat=True
        )
    )
    assert both == {cast.village_a2.pk, cast.town_b.pk, cast.village_b1.pk}


@pytest.mark.django_db
def test_copy_unit_path_follows_the_unit_and_fetches_it_only_when_missing(cast, django_assert_num_queries):
    nothing = Volunteer(village_path="keep")
    ledgers.copy_unit_path(nothing)
    assert nothing.village_path == "keep"  # no unit: left alone

    assigned = Volunteer(village=cast.village_a1, village_path=cast.village_b1.path)
    with django_assert_num_queries(0):
        ledgers.copy_unit_path(assigned)
    assert assigned.village_path == cast.village_a1.path  # assigned as an object: follows it

    by_id = Volunteer(village_id=cast.village_a2.pk)
    with django_assert_num_queries(1):
        ledgers.copy_unit_path(by_id)
    assert by_id.village_path == cast.village_a2.path  # only the id: read from the tree

    kept = Volunteer(village_id=cast.village_a2.pk, village_path=cast.village_a1.path)
    with django_assert_num_queries(0):
        ledgers.copy_unit_path(kept)
    assert kept.village_path == cast.village_a1.path  # the id with a path already set: trusted


@pytest.mark.django_db
def test_copy_unit_path_with_other_field_names(cast):
    from fulian.employment.models import Training

    row = Training(unit_id=cast.town_a.pk)
    ledgers.copy_unit_path(row, "unit", "unit_path")
    assert row.unit_path == cast.town_a.path
    moved = Training(unit=cast.town_b, unit_path=cast.town_a.path)
    ledgers.copy_unit_path(moved, "unit", "unit_path")
    assert moved.unit_path == cast.town_b.path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("chair_a", "town_a", True),
        ("chair_a", "village_a1", True),
        ("chair_a", "county", False),  # above her grant
        ("chair_a", "town_b", False),  # a sibling
        ("vchair_a1", "village_a1", True),
        ("vchair_a1", "town_a", False),
        ("volunteer_a1", "village_a1", False),  # a volunteer reaches only her own records
        ("county_user", "town_b", True),
        ("nobody", "town_a", False),
    ],
)
def test_covers_needs_a_staff_grant_on_the_whole_unit(cast, who, unit, expected):
    assert ledgers.covers(getattr(cast, who), "people.view", getattr(cast, unit)) is expected


@pytest.mark.django_db
def test_covers_for_a_capability_the_role_lacks(cast):
    assert ledgers.covers(cast.volunteer_a1, "people.view", cast.village_a1) is False
    assert ledgers.covers(cast.chair_a, "no.such.capability", cast.town_a) is False


@pytest.mark.django_db
def test_subtree_rows_leaves_the_policy_out_only_where_a_grant_covers_the_unit(cast):
    covered = ledgers.subtree_rows(cast.chair_a, OrgUnit, "people.view", cast.town_a)
    assert covered.filter(pk=cast.town_b.pk).exists()  # no policy filter: the caller filters by the unit
    assert covered.count() == OrgUnit.objects.count()
    policed = ledgers.subtree_rows(cast.chair_a, OrgUnit, "people.view", cast.county)
    assert not policed.filter(pk=cast.town_b.pk).exists()
    assert policed.filter(pk=cast.village_a1.pk).exists()


@pytest.mark.django_db
def test_merge_by_child_zero_fills_children_and_adds_the_unit_only_with_rows_of_its_own(cast):
    keys = ["a", "b"]
    merged = ledgers.merge_by_child(
        cast.town_a,
        [{cast.village_a1.path: {"a": 3}}, {cast.village_a1.path: {"b": 2}, cast.village_b1.path: {"a": 9}}],
        keys,
    )
    assert merged == {cast.village_a1.pk: {"a": 3, "b": 2}, cast.village_a2.pk: {"a": 0, "b": 0}}

    own = ledgers.merge_by_child(cast.town_a, [{cast.town_a.path: {"a": 1}}], keys)
    assert own == {
        cast.village_a1.pk: {"a": 0, "b": 0},
        cast.village_a2.pk: {"a": 0, "b": 0},
        cast.town_a.pk: {"a": 1, "b": 0},
    }
    assert ledgers.merge_by_child(cast.village_a2, [], keys) == {}
