"""The disclosure rule's machinery: per-row decisions by the row's own unit, filters that survive `|`, and
the access-log entries one response writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from conftest import make_user
from fulian.core.disclosure import Disclosure
from fulian.core.models import AccessLog
from fulian.core.roles import Role
from fulian.core.scoping import Scope, forget_scope
from fulian.people.models import PersonCategory

pytestmark = pytest.mark.django_db
UNMASK = "people.unmask"


@pytest.fixture
def mixed(cast):
    return make_user("mixed", (cast.village_a1, Role.VILLAGE_CHAIR), (cast.town_b, Role.COMMITTEE_MEMBER))


def test_a_row_is_decided_by_its_own_unit_not_by_the_role_anywhere(cast, mixed):
    d = Disclosure(mixed, UNMASK)
    assert Scope(mixed).has(UNMASK)  # she may unmask somewhere …
    assert d.allows(cast.group_a1.path, key=1)  # … under her village, at any depth
    assert d.allows(cast.village_a1.path, key=2)
    assert not d.allows(cast.village_b1.path, key=3)  # … but not where she only views
    assert not d.allows(cast.village_a2.path, key=4)  # nor in the next village of her own town
    assert not d.allows(cast.town_a.path, key=5)  # nor above her village
    assert not d.allows("", key=6)
    assert not d.allows(None, key=7)
    assert d.total == 7
    assert dict(d.shown) == {cast.group_a1.path: 1, cast.village_a1.path: 1}
    assert dict(d.keys) == {cast.group_a1.path: [1], cast.village_a1.path: [2]}


def test_covers_with_many_grants_finds_the_one_prefix(cast):
    """Grant paths are searched, not scanned: a user with memberships in many units still gets each row's
    answer from the single grant that can contain it."""
    user = make_user(
        "many",
        (cast.village_a1, Role.VILLAGE_CHAIR),
        (cast.village_b1, Role.VILLAGE_CHAIR),
        (cast.town_b, Role.TOWN_CHAIR),
    )
    scope = Scope(user)
    assert scope.paths(UNMASK) == (cast.village_a1.path, cast.town_b.path)  # village_b1 collapsed into town B
    assert scope.covers(UNMASK, cast.village_b1.path)
    assert scope.covers(UNMASK, cast.group_a1.path)
    assert not scope.covers(UNMASK, cast.village_a2.path)
    assert not scope.covers(UNMASK, cast.county.path)


def test_everywhere_and_nowhere_survive_an_or(cast, mixed):
    """An empty Q drops out of `a | b`; the rule's filter must not (a superuser would otherwise lose the
    sensitive categories, a user without the capability would see them)."""
    from fulian.people.services import person_build
    from fulian.people.tests.factories import add_category

    for village in (cast.village_a1, cast.village_b1):
        person = person_build(name="王芳", gender="F", birth_date=date(1980, 1, 1), village=village)
        person.save()
        add_category(person, "disabled")
    boss = make_user("boss", is_superuser=True)

    def sensitive_seen(user, capability=UNMASK):
        rule = Q(category__is_sensitive=False) | Disclosure(user, capability).q("person__village_path")
        links = PersonCategory.objects.filter(rule, category__is_sensitive=True).select_related("person")
        return sorted(link.person.village.name for link in links)

    assert sensitive_seen(boss) == ["东城社区", "青龙村"]
    assert sensitive_seen(mixed) == ["青龙村"]
    assert sensitive_seen(cast.member_a1) == []
    assert sensitive_seen(boss, "") == []  # no capability: nothing, even for a superuser


def test_the_log_names_each_disclosed_unit_and_the_masked_rest(cast, mixed):
    d = Disclosure(mixed, UNMASK)
    for path, key in ((cast.village_a1.path, 11), (cast.village_a1.path, 12), (cast.village_b1.path, 13)):
        d.allows(path, key=key)
    (entry,) = d.log(
        action=AccessLog.Action.EXPORT, target_type="people", target_label="服务对象", detail="导出 3 行"
    )
    assert entry.unit == cast.village_a1
    assert entry.unit_path == cast.village_a1.path
    assert entry.detail == "导出 3 行：2 行含完整个人信息（另有 1 行已脱敏），记录编号 11,12"
    assert entry.user == mixed


def test_the_log_names_at_most_forty_records_and_counts_them_all(cast, mixed):
    d = Disclosure(mixed, UNMASK)
    for key in range(100):
        d.allows(cast.village_a1.path, key=key)
    (entry,) = d.log(action=AccessLog.Action.EXPORT, target_type="people", target_label="服务对象")
    assert entry.detail.startswith("100 行含完整个人信息，记录编号 0,1,2,")
    assert entry.detail.endswith(",39…")


def test_nothing_shown_is_logged_once_as_masked(cast):
    forget_scope(cast.member_a1)
    d = Disclosure(cast.member_a1, UNMASK)
    d.allows(cast.village_a1.path, key=1)
    (entry,) = d.log(
        action=AccessLog.Action.EXPORT, target_type="people", target_label="服务对象", unit=cast.village_a1
    )
    assert entry.detail == "个人信息已脱敏"
    assert entry.unit == cast.village_a1
