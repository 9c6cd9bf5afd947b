"""The scoping policy: grants cover subtrees, roles decide capabilities, outsiders see nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fulian.core.scoping import can, collapse_paths, get_visible_or_404, require, scope_for, visible
from fulian.orgs.models import OrgUnit


def test_collapse_paths_drops_nested_grants():
    assert collapse_paths(["0001", "00010002", "0002", "00020003"]) == ("0001", "0002")


def test_town_grant_covers_its_villages_and_groups_only(cast):
    names = set(visible(cast.chair_a, OrgUnit, "orgs.view").values_list("name", flat=True))
    assert names == {"竹峪镇", "青龙村", "红旗村", "一组"}


def test_village_chair_sees_her_village_subtree_only(cast):
    names = set(visible(cast.vchair_a1, OrgUnit, "orgs.view").values_list("name", flat=True))
    assert names == {"青龙村", "一组"}


def test_user_without_membership_sees_nothing(cast):
    assert not visible(cast.nobody, OrgUnit, "orgs.view").exists()
    assert not scope_for(cast.nobody).has("orgs.view")


def test_superuser_sees_everything(cast):
    cast.nobody.is_superuser = True
    cast.nobody.save()
    assert visible(cast.nobody, OrgUnit, "orgs.view").count() == OrgUnit.objects.count()


def test_outsider_gets_404_and_wrong_role_gets_403(cast):
    with pytest.raises(Http404, match="该记录不存在或不在您的管辖范围内"):
        get_visible_or_404(cast.chair_b, OrgUnit, "orgs.view", pk=cast.village_a1.pk)
    unit = get_visible_or_404(cast.member_a1, OrgUnit, "orgs.view", pk=cast.village_a1.pk)
    with pytest.raises(PermissionDenied, match="无权"):
        require(cast.member_a1, "orgs.change", unit)
    require(cast.chair_a, "orgs.change", unit)


def test_volunteer_has_no_tree_capability(cast):
    assert not can(cast.volunteer_a1, "orgs.view", cast.village_a1)
    assert can(cast.vchair_a1, "orgs.view", cast.group_a1)
    assert not can(cast.vchair_a1, "orgs.view", cast.village_a2)


def test_retired_unit_grants_nothing(cast):
    import datetime

    cast.village_a1.active_until = datetime.date(2020, 1, 1)
    cast.village_a1.save()
    assert not scope_for(cast.vchair_a1).has("orgs.view")


def test_reference_lists_are_read_by_any_member_and_by_nobody_else(cast):
    from fulian.activities.models import ActivityType
    from fulian.core.scoping import visible

    every = ActivityType.objects.count()
    assert every > 0
    for user in (cast.member_a1, cast.volunteer_a1, cast.county_user):
        assert visible(user, ActivityType, "reference.view").count() == every
    assert visible(cast.nobody, ActivityType, "reference.view").count() == 0  # no membership, no grant
    assert visible(cast.volunteer_a1, ActivityType, "activities.change").count() == 0  # not her capability
    assert visible(cast.chair_a, ActivityType, "activities.change").count() == every
