"""The records behind a figure as a list: pages across several parts, names masked by the disclosure
rule on each row's own unit, and what was shown in full logged."""

from __future__ import annotations

import pytest

from fulian.aid.tests.factories import make_person
from fulian.core.models import AccessLog
from fulian.core.traces import Column, Part, Trace, person, rows_shown
from fulian.orgs.models import OrgUnit
from fulian.people.models import Person

pytestmark = pytest.mark.django_db


def _trace(cast):
    units = OrgUnit.objects.filter(pk__in=[cast.town_a.pk, cast.town_b.pk]).order_by("path")
    empty = OrgUnit.objects.none()
    people = Person.objects.order_by("id")
    return Trace(
        "test.key",
        [
            Part("单位", units, (Column("名称", lambda u: u.name),)),
            Part("无", empty, (Column("名称", lambda u: u.name),)),
            Part(
                "人员",
                people,
                (person("姓名", lambda p: p.name, unmask="people.unmask", path="village_path"),),
            ),
        ],
    )


def test_pages_run_across_the_parts(cast):
    make_person(cast.village_a1, "李秀英")
    make_person(cast.village_b1, "何春梅")
    trace = _trace(cast)
    assert trace.total() == 4
    first = rows_shown(trace, user=cast.county_user, limit=3)
    second = rows_shown(trace, user=cast.county_user, limit=3, offset=3)
    assert [r["part"] for r in first] == ["单位", "单位", "人员"]
    assert [r["part"] for r in second] == ["人员"]


def test_names_are_masked_outside_the_unmask_scope_and_shown_ones_logged(cast):
    make_person(cast.village_a1, "李秀英")
    make_person(cast.village_b1, "何春梅")
    rows = rows_shown(_trace(cast), user=cast.chair_a, offset=2)
    assert [r["cells"][0] for r in rows] == ["李秀英", "何*梅"]
    logged = AccessLog.objects.filter(detail__contains="test.key")
    assert logged.count() == 1
