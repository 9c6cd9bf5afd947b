"""User management in the UI: scoped to the manager's subtree, roles granted no higher than hers."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fulian.accounts.models import User
from fulian.accounts.policy import can_grant, can_manage_account, grantable_roles
from fulian.core.roles import Role
from fulian.orgs.models import Membership

NEW_PASSWORD = "Neu2026passwort"


def _create(client, **over):
    data = {
        "username": "li_na",
        "display_name": "李娜",
        "phone": "+86 138 1234 5678",
        "password": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **over,
    }
    return client.post(reverse("accounts:user_create"), data)


# --- the list ----------------------------------------------------------------------------------------


def test_town_chair_lists_the_users_of_her_town_only(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    names = {u.username for u in response.context["page"].object_list}
    assert names == {
        "chair_a",
        "staff_a",
        "vchair_a1",
        "vchair_a2",
        "member_a1",
        "volunteer_a1",
        "assessor_a",
        "caseworker_a",
    }


def test_county_admin_lists_everyone_with_a_post_in_the_county(cast, login):
    response = login(cast.admin).get(reverse("accounts:user_list"))
    names = {u.username for u in response.context["page"].object_list}
    assert {"chair_b", "vchair_b1", "chair_a", "county"} <= names
    assert "nobody" not in names


def test_user_list_query_count_does_not_grow_with_users(cast, login, django_assert_max_num_queries):
    for i in range(30):
        u = User.objects.create_user(username=f"extra{i}", password="x")
        Membership.objects.create(user=u, unit=cast.village_a2, role=Role.COMMITTEE_MEMBER)
    client = login(cast.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12 + 30
    assert "extra29" in response.content.decode()


def test_user_list_search_by_name(cast, login):
    response = login(cast.chair_a).get(reverse("accounts:user_list"), {"q": "张丽"})
    assert [u.username for u in response.context["page"].object_list] == ["vchair_a1"]


def test_user_list_wrong_role_gets_403(cast, login):
    assert login(cast.vchair_a1).get(reverse("accounts:user_list")).status_code == 403
    assert login(cast.staff_a).get(reverse("accounts:user_list")).status_code == 403


def test_user_list_anonymous_goes_to_login(client, cast):
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_user_management_is_in_the_menu_of_managers_only(cast, login):
    assert "用户管理" in login(cast.chair_a).get(reverse("core:home")).content.decode()
    assert "用户管理" not in login(cast.vchair_a1).get(reverse("core:home")).content.decode()


# --- the detail page -----------------------------------------------------------------------------------


def test_detail_right_user_outsider_wrong_role_anonymous(cast, login, client):
    url = reverse("accounts:user_detail", args=[cast.vchair_a1.pk])
    response = login(cast.chair_a).get(url)
    assert response.status_code == 200
    assert "青龙村" in response.content.decode()
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.vchair_a1).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_detail_of_unknown_id_is_404(cast, login):
    assert login(cast.admin).get(reverse("accounts:user_detail", args=[999999])).status_code == 404


# --- creating ------------------------------------------------------------------------------------------


def test_create_user_normalises_phone_and_records_the_creator(cast, login):
    response = _create(login(cast.chair_a))
    user = User.objects.get(username="li_na")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.phone == "13812345678"
    assert user.display_name == "李娜"
    assert user.created_by == cast.chair_a
    assert user.check_password(NEW_PASSWORD)
    entry = LogEntry.objects.get_for_object(user).get()
    assert entry.actor == cast.chair_a


def test_created_user_without_membership_is_visible_to_her_creator_only(cast, login):
    _create(login(cast.chair_a))
    user = User.objects.get(username="li_na")
    url = reverse("accounts:user_detail", args=[user.pk])
    assert login(cast.chair_a).get(url).status_code == 200
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("13812345678", True), ("+8619912345678", True), ("12812345678", False), ("1381234567", False)],
)
def test_create_user_phone_validation(cast, login, phone, ok):
    response = _create(login(cast.chair_a), phone=phone)
    assert User.objects.filter(username="li_na").exists() is ok
    if not ok:
        assert response.status_code == 200
        assert "手机号" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "太短"), ("abcdefghijkl", "字母和数字"), ("1234567890123", "全都是数字")],
)
def test_create_user_enforces_the_password_policy(cast, login, password, message):
    response = _create(login(cast.chair_a), password=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="li_na").exists()


def test_create_user_with_taken_username_names_the_field(cast, login):
    response = _create(login(cast.chair_a), username="chair_b")
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_create_user_wrong_role_and_anonymous(cast, login, client):
    assert _create(login(cast.vchair_a1)).status_code == 403
    client.logout()
    assert _create(client).status_code == 302
    assert not User.objects.filter(username="li_na").exists()


# --- memberships -----------------------------------------------------------------------------------------


def test_role_ranks_decide_what_a_manager_may_grant(cast):
    roles = {value for value, _ in grantable_roles(cast.chair_a)}
    assert Role.ADMIN not in roles
    assert Role.COUNTY_STAFF not in roles
    assert {Role.TOWN_CHAIR, Role.TOWN_STAFF, Role.VILLAGE_CHAIR, Role.VOLUNTEER} <= roles
    assert not can_grant(cast.chair_a, cast.village_b1, Role.VILLAGE_CHAIR)
    assert can_grant(cast.chair_a, cast.village_a1, Role.VILLAGE_CHAIR)
    assert not can_grant(cast.county_user, cast.county, Role.ADMIN)
    assert can_grant(cast.admin, cast.county, Role.ADMIN)


def test_chair_adds_a_membership_in_her_town(cast, login):
    url = reverse("accounts:membership_add", args=[cast.nobody.pk])
    _create(login(cast.chair_a))
    user = User.objects.get(username="li_na")
    url = reverse("accounts:membership_add", args=[user.pk])
    response = login(cast.chair_a).post(url, {"unit": cast.village_a2.pk, "role": Role.VILLAGE_CHAIR})
    assert response.status_code == 302
    m = Membership.objects.get(user=user)
    assert (m.unit, m.role, m.is_active) == (cast.village_a2, Role.VILLAGE_CHAIR, True)
    assert LogEntry.objects.get_for_object(m).get().actor == cast.chair_a
    # Now any manager above the village sees her.
    assert login(cast.admin).get(reverse("accounts:user_detail", args=[user.pk])).status_code == 200


def test_chair_cannot_grant_outside_her_town_or_above_her_rank(cast, login):
    client = login(cast.chair_a)
    url = reverse("accounts:membership_add", args=[cast.vchair_a1.pk])
    response = client.post(url, {"unit": cast.village_b1.pk, "role": Role.VILLAGE_CHAIR})
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    response = client.post(url, {"unit": cast.town_a.pk, "role": Role.COUNTY_STAFF})
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert Membership.objects.filter(user=cast.vchair_a1).count() == 1


def test_membership_add_outsider_404_wrong_role_403(cast, login):
    url = reverse("accounts:membership_add", args=[cast.vchair_a1.pk])
    data = {"unit": cast.village_a1.pk, "role": Role.COMMITTEE_MEMBER}
    assert login(cast.chair_b).post(url, data).status_code == 404
    assert login(cast.vchair_a1).post(url, data).status_code == 403
    assert Membership.objects.filter(user=cast.vchair_a1).count() == 1


def test_duplicate_membership_is_refused_in_chinese(cast, login):
    url = reverse("accounts:membership_add", args=[cast.vchair_a1.pk])
    response = login(cast.chair_a).post(url, {"unit": cast.village_a1.pk, "role": Role.VILLAGE_CHAIR})
    assert response.status_code == 200
    assert "已在此组织担任该角色" in response.content.decode()


def test_end_membership_keeps_the_row_and_reopening_reuses_it(cast, login):
    m = cast.vchair_a1.memberships.get()
    client = login(cast.chair_a)
    response = client.post(reverse("accounts:membership_end", args=[cast.vchair_a1.pk, m.pk]))
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.is_active is False
    # She is still found (she held a post here), and the post can be given back.
    url = reverse("accounts:membership_add", args=[cast.vchair_a1.pk])
    client.post(url, {"unit": cast.village_a1.pk, "role": Role.VILLAGE_CHAIR})
    m.refresh_from_db()
    assert m.is_active is True
    assert Membership.objects.filter(user=cast.vchair_a1).count() == 1


def test_end_membership_outsider_wrong_role_anonymous(cast, login, client):
    m = cast.vchair_a1.memberships.get()
    url = reverse("accounts:membership_end", args=[cast.vchair_a1.pk, m.pk])
    assert login(cast.chair_b).post(url).status_code == 404
    assert login(cast.vchair_a2).post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302
    m.refresh_from_db()
    assert m.is_active


def test_chair_cannot_end_a_county_post_of_a_user_she_sees(cast, login):
    county_post = Membership.objects.create(user=cast.staff_a, unit=cast.county, role=Role.COUNTY_STAFF)
    url = reverse("accounts:membership_end", args=[cast.staff_a.pk, county_post.pk])
    assert login(cast.chair_a).post(url).status_code == 404  # the county post lies outside her subtree
    town_post = cast.staff_a.memberships.get(role=Role.TOWN_STAFF)
    cast.staff_a.memberships.filter(pk=town_post.pk).update(role=Role.ADMIN)
    url = reverse("accounts:membership_end", args=[cast.staff_a.pk, town_post.pk])
    assert login(cast.chair_a).post(url).status_code == 403  # inside her town, but an admin post


# --- managing the account itself -------------------------------------------------------------------------


def test_chair_resets_a_village_chairs_password(cast, login):
    url = reverse("accounts:user_set_password", args=[cast.vchair_a1.pk])
    client = login(cast.chair_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    cast.vchair_a1.refresh_from_db()
    assert cast.vchair_a1.check_password(NEW_PASSWORD)


def test_reset_password_policy_and_mismatch(cast, login):
    url = reverse("accounts:user_set_password", args=[cast.vchair_a1.pk])
    client = login(cast.chair_a)
    response = client.post(url, {"password": "abc", "password2": "abc"})
    assert "太短" in response.content.decode()
    response = client.post(url, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "两次输入的密码不一致" in response.content.decode()
    cast.vchair_a1.refresh_from_db()
    assert cast.vchair_a1.check_password(cast.password)


def test_reset_password_outsider_wrong_role_anonymous(cast, login, client):
    url = reverse("accounts:user_set_password", args=[cast.vchair_a1.pk])
    data = {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert login(cast.chair_b).post(url, data).status_code == 404
    assert login(cast.staff_a).post(url, data).status_code == 403
    client.logout()
    assert client.post(url, data).status_code == 302
    cast.vchair_a1.refresh_from_db()
    assert cast.vchair_a1.check_password(cast.password)


def test_chair_cannot_take_over_a_user_with_a_post_above_her(cast, login):
    Membership.objects.create(user=cast.county_user, unit=cast.town_a, role=Role.TOWN_STAFF)
    assert not can_manage_account(cast.chair_a, cast.county_user)
    client = login(cast.chair_a)
    assert client.get(reverse("accounts:user_detail", args=[cast.county_user.pk])).status_code == 200
    url = reverse("accounts:user_set_password", args=[cast.county_user.pk])
    assert client.post(url, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
    url = reverse("accounts:user_set_active", args=[cast.county_user.pk])
    assert client.post(url, {"is_active": "0"}).status_code == 403
    cast.county_user.refresh_from_db()
    assert cast.county_user.is_active


def test_deactivate_blocks_login_and_reactivate_restores_it(cast, login, client):
    url = reverse("accounts:user_set_active", args=[cast.vchair_a1.pk])
    assert login(cast.chair_a).post(url, {"is_active": "0"}).status_code == 302
    cast.vchair_a1.refresh_from_db()
    assert not cast.vchair_a1.is_active
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "vchair_a1", "password": cast.password})
    assert response.status_code == 200  # refused
    login(cast.chair_a).post(url, {"is_active": "1"})
    cast.vchair_a1.refresh_from_db()
    assert cast.vchair_a1.is_active
    updates = LogEntry.objects.get_for_object(cast.vchair_a1).filter(action=LogEntry.Action.UPDATE)
    assert [e.actor for e in updates] == [cast.chair_a, cast.chair_a]
    assert [e.changes_dict["is_active"] for e in updates.order_by("timestamp", "id")] == [
        ["True", "False"],
        ["False", "True"],
    ]


def test_set_active_outsider_wrong_role_anonymous(cast, login, client):
    url = reverse("accounts:user_set_active", args=[cast.vchair_a1.pk])
    assert login(cast.chair_b).post(url, {"is_active": "0"}).status_code == 404
    assert login(cast.member_a1).post(url, {"is_active": "0"}).status_code == 403
    client.logout()
    assert client.post(url, {"is_active": "0"}).status_code == 302
    cast.vchair_a1.refresh_from_db()
    assert cast.vchair_a1.is_active


def test_nobody_can_deactivate_herself(cast, login):
    url = reverse("accounts:user_set_active", args=[cast.chair_a.pk])
    assert login(cast.chair_a).post(url, {"is_active": "0"}).status_code == 403


def test_edit_name_and_phone(cast, login, client):
    url = reverse("accounts:user_edit", args=[cast.vchair_a1.pk])
    response = login(cast.chair_a).post(url, {"display_name": "张丽华", "phone": "13900001111"})
    assert response.status_code == 302
    cast.vchair_a1.refresh_from_db()
    assert (cast.vchair_a1.display_name, cast.vchair_a1.phone) == ("张丽华", "13900001111")
    response = login(cast.chair_a).post(url, {"display_name": "张丽华", "phone": "123"})
    assert "手机号" in response.content.decode()
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.vchair_a2).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_superuser_manages_anyone(cast, login):
    cast.nobody.is_superuser = True
    cast.nobody.save()
    assert can_manage_account(cast.nobody, cast.admin)
    response = login(cast.nobody).get(reverse("accounts:user_detail", args=[cast.admin.pk]))
    assert response.status_code == 200


def test_a_unit_and_role_allowed_apart_but_not_together_give_a_form_error(cast, login):
    # staff_a now manages as town chair on the whole county and as county staff on town A only.
    Membership.objects.filter(user=cast.staff_a).delete()
    Membership.objects.create(user=cast.staff_a, unit=cast.county, role=Role.TOWN_CHAIR)
    Membership.objects.create(user=cast.staff_a, unit=cast.town_a, role=Role.COUNTY_STAFF)
    # Village B1 is within her reach, and so is the county-staff role, but not the two together.
    url = reverse("accounts:membership_add", args=[cast.vchair_b1.pk])
    response = login(cast.staff_a).post(url, {"unit": cast.village_b1.pk, "role": Role.COUNTY_STAFF})
    assert response.status_code == 200
    assert "您无权在该组织授予该角色" in response.content.decode()
    assert Membership.objects.filter(user=cast.vchair_b1).count() == 1


def test_a_manager_cannot_change_her_own_posts(cast, login):
    client = login(cast.chair_a)
    own = cast.chair_a.memberships.get()
    response = client.post(reverse("accounts:membership_end", args=[cast.chair_a.pk, own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.is_active
    url = reverse("accounts:membership_add", args=[cast.chair_a.pk])
    response = client.post(url, {"unit": cast.village_a1.pk, "role": Role.VILLAGE_CHAIR})
    assert "不能给自己添加任职" in response.content.decode()
    assert cast.chair_a.memberships.count() == 1
