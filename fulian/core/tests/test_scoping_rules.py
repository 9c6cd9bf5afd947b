"""The scoping policy against a hand-worked table (docs/testing.md, the mutation score of core/scoping.py).

The tree is the cast's (conftest.py): 四川省 › 达州市 › 万源市 (county) › 竹峪镇 (town A: 青龙村 › 一组,
红旗村) and 古东关街道 (town B: 东城社区). Each expected set below is written by hand from the role table of
`fulian/orgs/capabilities.py` (orgs.view: every role but volunteer and case worker; orgs.change: admin, county
staff, town chair and staff; orgs.federation_change: those and the village chair) — never computed by the
code under test. Every unit is checked both ways: the ones that must appear and the ones that must not.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from conftest import make_user
from fulian.core.roles import Role
from fulian.core.scoping import (
    POLICY_ATTR,
    Scope,
    can,
    collapse_paths,
    forget_scope,
    get_visible_or_404,
    instance_path,
    login_only,
    policy,
    public,
    require,
    scope_for,
    visible,
)
from fulian.orgs.models import Membership, OrgUnit, Zone

EVERY_UNIT = {"四川省", "达州市", "万源市", "竹峪镇", "青龙村", "一组", "红旗村", "古东关街道", "东城社区"}
COUNTY_DOWN = {"万源市", "竹峪镇", "青龙村", "一组", "红旗村", "古东关街道", "东城社区"}
TOWN_A = {"竹峪镇", "青龙村", "一组", "红旗村"}
TOWN_B = {"古东关街道", "东城社区"}
VILLAGE_A1 = {"青龙村", "一组"}


@pytest.fixture
def people(cast):
    """Users with one role, several roles on different units, a lapsed membership, nested grants."""
    c = cast
    mixed = make_user("mixed", (c.village_a1, Role.VILLAGE_CHAIR), (c.village_b1, Role.COMMITTEE_MEMBER))
    Membership.objects.create(user=mixed, unit=c.town_b, role=Role.VOLUNTEER)
    lapsed = make_user("lapsed", (c.town_b, Role.TOWN_CHAIR), (c.village_a2, Role.COMMITTEE_MEMBER))
    Membership.objects.filter(user=lapsed, unit=c.town_b).update(is_active=False)
    return SimpleNamespace(
        county=c.county_user,  # county staff at the county
        chair_a=c.chair_a,  # town chair at town A
        vchair_a1=c.vchair_a1,  # village chair at 青龙村
        volunteer=c.volunteer_a1,  # volunteer at 青龙村: no tree capability
        mixed=mixed,  # village chair at 青龙村, committee member at 东城社区, volunteer at town B
        lapsed=lapsed,  # town chair at town B (membership ended), committee member at 红旗村
        # town staff at town A and village chair at 青龙村 below it: one grant, town A's
        nested=make_user("nested", (c.village_a1, Role.VILLAGE_CHAIR), (c.town_a, Role.TOWN_STAFF)),
        # two grants side by side, in two towns
        two_villages=make_user("two", (c.village_b1, Role.VILLAGE_CHAIR), (c.village_a2, Role.VILLAGE_CHAIR)),
        nobody=c.nobody,
    )


TABLE = [
    ("county", "orgs.view", COUNTY_DOWN),
    ("county", "orgs.change", COUNTY_DOWN),
    ("chair_a", "orgs.view", TOWN_A),
    ("chair_a", "orgs.change", TOWN_A),
    ("vchair_a1", "orgs.view", VILLAGE_A1),
    ("vchair_a1", "orgs.change", set()),
    ("vchair_a1", "orgs.federation_change", VILLAGE_A1),
    ("volunteer", "orgs.view", set()),
    ("mixed", "orgs.view", VILLAGE_A1 | {"东城社区"}),
    ("mixed", "orgs.federation_change", VILLAGE_A1),
    ("mixed", "orgs.change", set()),
    ("lapsed", "orgs.view", {"红旗村"}),
    ("lapsed", "orgs.change", set()),
    ("nested", "orgs.view", TOWN_A),
    ("nested", "orgs.change", TOWN_A),
    ("two_villages", "orgs.view", {"红旗村", "东城社区"}),
    ("two_villages", "orgs.change", set()),
    ("nobody", "orgs.view", set()),
]


@pytest.mark.parametrize(("who", "capability", "expected"), TABLE)
def test_each_unit_is_in_or_out_of_scope_as_worked_by_hand(cast, people, who, capability, expected):
    user = getattr(people, who)
    assert set(visible(user, OrgUnit, capability).values_list("name", flat=True)) == expected
    assert (
        set(OrgUnit.objects.filter(scope_for(user).q(capability)).values_list("name", flat=True)) == expected
    )
    for unit in OrgUnit.objects.all():
        inside = unit.name in expected
        assert can(user, capability, unit) is inside, unit.name
        assert scope_for(user).covers(capability, unit.path) is inside, unit.name
    assert scope_for(user).has(capability) is bool(expected)


GRANTS = [  # the top units of each grant, in tree order (`units`); `paths` are theirs
    ("county", "orgs.view", ["万源市"]),
    ("chair_a", "orgs.change", ["竹峪镇"]),
    ("mixed", "orgs.view", ["青龙村", "东城社区"]),
    ("mixed", "orgs.federation_change", ["青龙村"]),
    ("lapsed", "orgs.view", ["红旗村"]),
    ("nested", "orgs.view", ["竹峪镇"]),
    ("two_villages", "orgs.view", ["红旗村", "东城社区"]),
    ("volunteer", "orgs.view", []),
]


@pytest.mark.parametrize(("who", "capability", "tops"), GRANTS)
def test_grants_collapse_to_their_top_units_in_tree_order(cast, people, who, capability, tops):
    scope = scope_for(getattr(people, who))
    assert [u.name for u in scope.units(capability)] == tops
    by_name = {u.name: u.path for u in OrgUnit.objects.all()}
    assert scope.paths(capability) == tuple(by_name[n] for n in tops)


def test_roles_of_several_memberships_and_the_lapsed_one_left_out(cast, people):
    mixed = scope_for(people.mixed)
    assert mixed.roles() == {Role.VILLAGE_CHAIR, Role.COMMITTEE_MEMBER, Role.VOLUNTEER}
    assert [m.unit.name for m in mixed.memberships] == ["青龙村", "古东关街道", "东城社区"]
    assert mixed.has_role(Role.VOLUNTEER, Role.TOWN_CHAIR)
    assert not mixed.has_role(Role.TOWN_CHAIR, Role.CASE_WORKER)
    lapsed = scope_for(people.lapsed)
    assert lapsed.roles() == {Role.COMMITTEE_MEMBER}
    assert not lapsed.has_role(Role.TOWN_CHAIR)


def test_memberships_come_in_tree_order_whatever_order_they_were_made_in(cast):
    user = make_user("late", (cast.village_b1, Role.VOLUNTEER), (cast.group_a1, Role.VOLUNTEER))
    Membership.objects.create(user=user, unit=cast.county, role=Role.VOLUNTEER)
    assert [m.unit.name for m in Scope(user).memberships] == ["万源市", "一组", "东城社区"]


def test_a_retired_unit_grants_nothing_and_its_parent_grant_still_holds(cast, people, clock):
    clock.set(dt.date(2027, 6, 15))
    cast.village_a2.active_until = dt.date(2027, 6, 1)
    cast.village_a2.save()
    assert not scope_for(people.lapsed).has("orgs.view")
    assert set(visible(people.two_villages, OrgUnit, "orgs.view").values_list("name", flat=True)) == {
        "东城社区"
    }
    # town A's chair still reaches the retired village through her town's grant
    assert can(people.chair_a, "orgs.view", cast.village_a2)


def test_superuser_inactive_user_and_anonymous(cast, people):
    boss = make_user("boss", is_superuser=True)
    scope = scope_for(boss)
    assert scope.is_superuser
    assert scope.everywhere("orgs.view")
    assert scope.has("orgs.change")
    assert set(visible(boss, OrgUnit, "orgs.change").values_list("name", flat=True)) == EVERY_UNIT
    assert scope.covers("orgs.view", None)
    assert scope.covers("orgs.view", "")
    assert [u.name for u in scope.units("orgs.view")] == ["四川省"]
    assert scope.q("orgs.view", "unit__path") == type(scope.q("orgs.view"))()

    asleep = make_user("asleep", (cast.county, Role.COUNTY_STAFF), is_superuser=True, is_active=False)
    scope = scope_for(asleep)
    assert not scope.is_superuser
    assert scope.memberships == []
    assert scope.roles() == set()
    assert not visible(asleep, OrgUnit, "orgs.view").exists()

    for stranger in (AnonymousUser(), SimpleNamespace(is_active=True, is_superuser=True)):
        scope = Scope(stranger)
        assert (scope.is_authenticated, scope.is_superuser, scope.roles()) == (False, False, set())
        assert not scope.has("orgs.view")
        assert scope.paths("orgs.view") == ()
    fake = SimpleNamespace(is_authenticated=False, is_active=True, is_superuser=True)
    assert not Scope(fake).is_superuser
    assert not visible(AnonymousUser(), OrgUnit, "orgs.view").exists()


def test_covers_without_a_path_or_a_grant(cast, people):
    chair = scope_for(people.chair_a)
    assert not chair.covers("orgs.view", None)
    assert not chair.covers("orgs.view", "")
    assert not scope_for(people.nobody).covers("orgs.view", cast.village_a1.path)
    assert not scope_for(people.nobody).covers("orgs.view", "0")
    # a path sorting before every grant, and one just after a grant but outside it
    two = scope_for(people.two_villages)
    assert not two.covers("orgs.view", cast.town_a.path)
    assert not two.covers("orgs.view", cast.town_b.path)
    assert two.covers("orgs.view", cast.village_b1.path + "0001")


def test_nobody_filter_is_empty_and_a_path_field_of_another_model(cast, people):
    assert not OrgUnit.objects.filter(scope_for(people.nobody).q("orgs.view")).exists()
    q = scope_for(people.two_villages).q("orgs.view", "unit__path")
    units = set(Membership.objects.filter(q).values_list("unit__name", flat=True))
    assert units == {"红旗村", "东城社区"}
    # the two village chairs, her own two memberships, lapsed's at 红旗村, mixed's at 东城社区
    assert set(Membership.objects.filter(q).values_list("user__username", flat=True)) == {
        "vchair_a2",
        "vchair_b1",
        "two",
        "lapsed",
        "mixed",
    }


def test_visible_keeps_the_queryset_it_is_given(cast, people):
    qs = OrgUnit.objects.filter(level=5)
    assert set(visible(people.chair_a, qs, "orgs.view").values_list("name", flat=True)) == {
        "青龙村",
        "红旗村",
    }


def test_scope_is_kept_on_the_user_until_forgotten(cast, people):
    user = people.chair_a
    first = scope_for(user)
    assert scope_for(user) is first
    assert first.paths("orgs.view") is first.paths("orgs.view")
    Membership.objects.filter(user=user).update(is_active=False)
    assert scope_for(user).has("orgs.view")  # the request's scope, computed once
    forget_scope(user)
    forget_scope(user)  # twice is harmless
    assert scope_for(user) is not first
    assert not scope_for(user).has("orgs.view")


def test_an_object_that_refuses_attributes_gets_a_fresh_scope_each_time():
    class Frozen:
        __slots__ = ()
        is_authenticated = False

    user = Frozen()
    assert scope_for(user) is not scope_for(user)
    assert not scope_for(user).has("orgs.view")
    forget_scope(user)


def test_instance_path_follows_the_path_field(cast):
    m = Membership.objects.get(user=cast.vchair_a1)
    assert instance_path(m) == cast.village_a1.path
    assert instance_path(cast.group_a1) == cast.group_a1.path
    assert instance_path(Zone(name="无乡镇")) is None  # no town: no path, out of every scope
    assert not can(cast.chair_a, "orgs.zone_change", Zone(name="无乡镇"))
    assert can(cast.chair_a, "orgs.zone_change", Zone(name="片区一", town=cast.town_a))
    assert not can(cast.chair_b, "orgs.zone_change", Zone(name="片区一", town=cast.town_a))


def test_a_model_without_scope_is_refused_by_name(cast):
    with pytest.raises(
        ImproperlyConfigured, match=r"^Permission has neither scope_path_field nor a registered"
    ):
        visible(cast.chair_a, Permission, "orgs.view")
    with pytest.raises(ImproperlyConfigured, match=r"^Permission has neither scope_path_field"):
        instance_path(Permission.objects.first())


def test_a_rule_model_is_decided_by_its_rule_row_by_row(cast):
    from fulian.activities.models import ActivityType

    kind = ActivityType.objects.first()
    assert can(cast.volunteer_a1, "reference.view", kind)
    assert not can(cast.volunteer_a1, "orgs.view", kind)
    assert not can(cast.nobody, "reference.view", kind)
    require(cast.volunteer_a1, "reference.view", kind)
    with pytest.raises(PermissionDenied, match=r"^您的角色无权执行此操作$"):
        require(cast.volunteer_a1, "orgs.view", kind)


def test_get_visible_or_404(cast, people):
    assert get_visible_or_404(people.mixed, OrgUnit, "orgs.view", pk=cast.village_b1.pk) == cast.village_b1
    for lookup in (
        {"pk": cast.village_a2.pk},
        {"pk": "不是数字"},
        {"name": "东城社区", "pk": cast.town_b.pk},
    ):
        with pytest.raises(Http404, match=r"^该记录不存在或不在您的管辖范围内$"):
            get_visible_or_404(people.mixed, OrgUnit, "orgs.view", **lookup)
    with pytest.raises(Http404, match=r"^该记录不存在或不在您的管辖范围内$"):
        get_visible_or_404(people.mixed, OrgUnit, "orgs.view", pk=[1, 2])  # TypeError


def test_require_without_an_object_asks_for_the_capability_anywhere(cast, people):
    require(people.mixed, "orgs.federation_change")
    with pytest.raises(PermissionDenied, match=r"^您的角色无权执行此操作$"):
        require(people.mixed, "orgs.change")
    require(people.mixed, "orgs.view", cast.village_b1)
    with pytest.raises(PermissionDenied, match=r"^您的角色无权执行此操作$"):
        require(people.mixed, "orgs.federation_change", cast.village_b1)


def test_collapse_paths_table():
    assert collapse_paths([]) == ()
    assert collapse_paths(["0002", "0001", "0001"]) == ("0001", "0002")
    assert collapse_paths(["00020003", "0001", "00010002", "0002", "000100020001"]) == ("0001", "0002")
    # the covering grant is the last one kept, not the first
    assert collapse_paths(["0001", "0002", "00020001", "0003"]) == ("0001", "0002", "0003")
    assert collapse_paths(["00010002", "00010001"]) == ("00010001", "00010002")


# --- the view decorators -------------------------------------------------------------------------


def _view(request, *args, **kwargs):
    return HttpResponse(f"{args}|{sorted(kwargs.items())}")


@pytest.mark.parametrize("decorate", [policy("orgs.change"), login_only], ids=["policy", "login_only"])
def test_anonymous_is_sent_to_login_with_the_full_path(cast, decorate):
    request = RequestFactory().get("/orgs/7/?tab=people&x=1")
    request.user = AnonymousUser()
    response = decorate(_view)(request, 7)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/orgs/7/%3Ftab%3Dpeople%26x%3D1"


def test_policy_refuses_a_role_without_the_capability_and_passes_arguments_on(cast, people):
    view = policy("orgs.change")(_view)
    assert getattr(view, POLICY_ATTR) == "orgs.change"
    assert view.__name__ == "_view"
    request = RequestFactory().get("/x/")
    request.user = people.vchair_a1
    with pytest.raises(PermissionDenied, match=r"^您的角色无权访问此页面$"):
        view(request, 1)
    request.user = people.chair_a
    assert view(request, 1, pk=2).content.decode() == "(1,)|[('pk', 2)]"


def test_login_only_and_public_markers(cast):
    view = login_only(_view)
    assert getattr(view, POLICY_ATTR) == "authenticated"
    assert view.__name__ == "_view"
    request = RequestFactory().get("/x/")
    request.user = cast.nobody
    assert view(request, 3, k="v").content.decode() == "(3,)|[('k', 'v')]"

    def page(request):
        return HttpResponse("ok")

    assert public(page) is page
    assert getattr(page, POLICY_ATTR) == "public"


def test_rules_registered_at_run_time_decide_the_model(cast, monkeypatch):
    """`scope_rule` and `reference_data` as an app's ready() calls them (on a copy of the rule table)."""
    from fulian.core import scoping

    monkeypatch.setattr(scoping, "_RULES", dict(scoping._RULES))
    asked = []

    def only_mine(scope, qs, capability):
        asked.append((scope.user, capability))
        return qs.filter(codename="add_permission")

    assert scoping.scope_rule(Permission)(only_mine) is only_mine
    assert list(visible(cast.chair_a, Permission, "orgs.view").values_list("codename", flat=True)) == [
        "add_permission"
    ]
    assert asked == [(cast.chair_a, "orgs.view")]

    assert scoping.reference_data(Permission) is Permission
    every = Permission.objects.count()
    assert visible(cast.volunteer_a1, Permission, "reference.view").count() == every
    one = Permission.objects.filter(pk=Permission.objects.first().pk)
    assert visible(cast.volunteer_a1, one, "reference.view").count() == 1
    assert visible(cast.volunteer_a1, Permission, "orgs.view").count() == 0
    assert visible(cast.nobody, Permission, "reference.view").count() == 0
    assert can(cast.chair_a, "orgs.view", Permission.objects.first())
    assert not can(cast.volunteer_a1, "orgs.view", Permission.objects.first())


def test_a_scope_costs_one_query_however_many_memberships(cast, people, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope = Scope(people.mixed)
        assert scope.paths("orgs.view") == (cast.village_a1.path, cast.village_b1.path)
        assert scope.covers("orgs.federation_change", cast.group_a1.path)
        assert not scope.covers("orgs.federation_change", cast.village_b1.path)
