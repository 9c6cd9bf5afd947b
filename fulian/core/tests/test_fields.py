"""The table makers of core.fields give Django the same options a hand-written Meta did."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fulian.care.models import Pairing, Visit
from fulian.core.fields import path_index, table, unique


def test_table_names_singular_and_plural_alike_and_passes_the_other_options():
    meta = table("走访记录", ordering=["-visited_on", "-id"], abstract=True)
    assert (meta.verbose_name, meta.verbose_name_plural) == ("走访记录", "走访记录")
    assert meta.ordering == ["-visited_on", "-id"]
    assert meta.abstract is True
    assert not hasattr(table("用户"), "ordering")  # left to Django's default when not given


def test_a_model_declared_with_table_reads_as_before():
    opts = Visit._meta
    assert (opts.verbose_name, opts.verbose_name_plural) == ("走访记录", "走访记录")
    assert opts.ordering == ["-visited_on", "-id"]
    (index,) = opts.indexes
    assert (index.fields, index.name) == (["village_path", "visited_on"], "care_visit_path_date")


def test_path_index_is_the_tree_path_then_the_order_field():
    index = path_index("unit_path", "held_on", "empl_fair_path_date")
    assert index == models.Index(fields=["unit_path", "held_on"], name="empl_fair_path_date")


def test_unique_is_the_constraint_with_its_message_and_condition():
    made = unique("fair", "name", name="empl_employer_once", message="该用人单位已登记")
    assert made == models.UniqueConstraint(
        fields=["fair", "name"], name="empl_employer_once", violation_error_message="该用人单位已登记"
    )
    once = unique("child", name="care_one_active_pairing_per_child", condition=Q(ended_on__isnull=True))
    assert once in Pairing._meta.constraints
    assert once != unique("child", name="care_one_active_pairing_per_child")
