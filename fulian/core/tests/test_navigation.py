"""The menu as data: groups, entries by capability, the current section, the user menu."""

import pytest
from django.urls import reverse

from fulian.core import navigation


def _labels(menu):
    return {g["label"]: [i["label"] for i in g["items"]] for g in menu}


def test_a_village_chair_sees_grouped_entries_of_her_roles_only(cast):
    menu = _labels(navigation.menu_for(cast.vchair_a1, "/"))
    assert list(menu)[:2] == ["组织", "服务对象"]
    assert "活动台账" in menu["工作台账"]
    assert all("用户管理" not in items for items in menu.values())  # accounts.manage is not hers
    assert "维权" not in menu  # neither are cases


def test_the_county_sees_case_statistics_but_not_case_files(cast):
    menu = _labels(navigation.menu_for(cast.county_user, "/"))
    assert menu["维权"] == ["维权统计"]
    assert "用户管理" in menu["系统"]


def test_a_volunteer_gets_no_empty_group(cast):
    menu = navigation.menu_for(cast.volunteer_a1, "/")
    assert all(group["items"] for group in menu)
    assert "组织" not in _labels(menu)


def test_the_longest_matching_address_marks_the_current_section(cast):
    menu = navigation.menu_for(cast.county_user, "/cases/stats/?year=2026")
    active = [(g["label"], i["label"]) for g in menu for i in g["items"] if i["active"]]
    assert active == [("维权", "维权统计")]
    assert [g["label"] for g in menu if g["active"]] == ["维权"]


def test_an_extra_prefix_keeps_figure_pages_under_statistics(cast):
    menu = navigation.menu_for(cast.chair_a, "/reports/figure/people.registered/")
    active = [i["label"] for g in menu for i in g["items"] if i["active"]]
    assert active == ["统计报表"]


def test_the_home_page_marks_no_section(cast):
    menu = navigation.menu_for(cast.chair_a, "/")
    assert not any(g["active"] for g in menu)


def test_a_later_module_joins_a_group_without_touching_the_template(cast, monkeypatch):
    monkeypatch.setattr(navigation, "_ITEMS", list(navigation._ITEMS))
    monkeypatch.setattr(navigation, "_GROUPS", dict(navigation._GROUPS))
    navigation.register_group("honours", "荣誉", 35)
    navigation.register("荣誉评选", "accounts:password_change", "orgs.view", 1, group="honours")
    menu = navigation.menu_for(cast.chair_a, "/")
    labels = [g["label"] for g in menu]
    assert labels.index("荣誉") == labels.index("工作台账") + 1
    assert _labels(menu)["荣誉"] == ["荣誉评选"]


def test_an_entry_in_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="菜单分组 'nowhere' 未定义"):
        navigation.register("某页", "core:home", "", group="nowhere")


def test_the_page_shows_groups_as_drop_downs_and_the_user_menu(cast, login):
    html = login(cast.chair_a).get(reverse("core:home")).content.decode()
    assert 'data-menu-group="ledgers"' in html
    assert 'class="nav-link dropdown-toggle' in html
    assert '<span data-testid="current-user">王主席</span>' in html
    assert "竹峪镇 · 乡镇/街道妇联主席" in html  # her unit and role in the user menu
    assert reverse("accounts:password_change") in html


def test_the_current_entry_is_marked_for_screen_readers_too(cast, login):
    html = login(cast.chair_a).get(reverse("people:list")).content.decode()
    assert 'href="/people/" aria-current="page"' in html


def test_system_pages_sit_in_the_system_group(cast):
    menu = _labels(navigation.menu_for(cast.admin, "/"))
    assert [i for i in menu["系统"] if i in ("用户管理", "角色与权限")] == ["用户管理", "角色与权限"]
    assert "我的导入" in menu["系统"]
    town = _labels(navigation.menu_for(cast.staff_a, "/"))
    assert "我的导入" in town["系统"]
    assert "角色与权限" not in town["系统"]  # accounts.roles is the administrator's


def test_activity_types_belong_to_the_activity_ledger(cast):
    menu = navigation.menu_for(cast.admin, "/activities/types/")
    active = [(g["label"], i["label"]) for g in menu for i in g["items"] if i["active"]]
    assert active == [("工作台账", "活动台账")]


def test_every_user_finds_her_api_tokens_in_the_user_menu(cast, login):
    html = login(cast.volunteer_a1).get(reverse("core:home")).content.decode()
    user_menu = html.split('data-testid="user-menu"', 1)[1]
    assert f'href="{reverse("accounts:my_tokens")}">我的API令牌</a>' in user_menu
    main_menu = html.split('data-testid="main-menu"', 1)[1].split('data-testid="user-menu"', 1)[0]
    assert "我的API令牌" not in main_menu
