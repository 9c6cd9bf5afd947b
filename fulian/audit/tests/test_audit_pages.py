"""The change history and the access log: scoped, filterable, paginated, labels in Chinese."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from fulian.accounts import services as account_services
from fulian.audit.context import acting_as
from fulian.core.models import AccessLog
from fulian.core.services import access_log_write
from fulian.orgs.models import Membership

CHANGES = reverse("audit:change_list")
ACCESS = reverse("audit:access_list")


@pytest.fixture
def history(cast):
    """Writes by a town-A chair, a town-B chair and a county admin, through the services."""
    account_services.user_update(actor=cast.chair_a, user=cast.vchair_a1, display_name="张丽华", phone="")
    account_services.user_update(actor=cast.chair_b, user=cast.vchair_b1, display_name="钱主任二", phone="")
    account_services.membership_add(actor=cast.admin, user=cast.nobody, unit=cast.county, role="county_staff")
    return cast


@pytest.fixture
def accesses(cast):
    with acting_as(cast.chair_a):
        a = access_log_write(
            user=cast.chair_a, action=AccessLog.Action.UNMASK, target=cast.vchair_a1, unit=cast.village_a1
        )
    b = access_log_write(
        user=cast.chair_b, action=AccessLog.Action.EXPORT, target=cast.vchair_b1, unit=cast.village_b1
    )
    c = access_log_write(
        user=cast.admin, action=AccessLog.Action.VIEW, target_type="x", target_label="无组织"
    )
    return a, b, c


def _reprs(response):
    return [item["entry"].object_repr for item in response.context["items"]]


def test_change_history_shows_who_what_and_the_diff_in_chinese(history, login):
    response = login(history.chair_a).get(CHANGES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "王主席" in html  # the actor
    assert "修改" in html
    assert "姓名" in html  # field label from verbose_name, not "display_name"
    assert "张丽华" in html
    assert "张丽" in html
    assert "display_name" not in html


def test_town_chair_sees_changes_made_by_people_of_her_town_only(history, login):
    response = login(history.chair_a).get(CHANGES)
    actors = {item["entry"].actor for item in response.context["items"]}
    assert actors == {history.chair_a}


def test_county_admin_sees_all_county_actors(history, login):
    response = login(history.admin).get(CHANGES)
    actors = {item["entry"].actor for item in response.context["items"]}
    assert actors == {history.chair_a, history.chair_b, history.admin}


def test_superuser_sees_entries_without_actor(history, login):
    history.nobody.is_superuser = True
    history.nobody.save()
    response = login(history.nobody).get(CHANGES)
    assert any(item["entry"].actor is None for item in response.context["items"])  # the cast's creation


def test_membership_diff_names_unit_and_role_in_chinese(history, login):
    response = login(history.admin).get(CHANGES, {"action": "0"})
    rows = [row for item in response.context["items"] for row in item["rows"]]
    labels = {row.label for row in rows}
    assert {"组织", "角色", "用户"} <= labels
    assert any(row.after == "万源市" for row in rows)
    assert any(row.after == "县/市妇联工作人员" for row in rows)


def test_change_filters_model_user_action_date(history, login):
    client = login(history.admin)
    from django.contrib.contenttypes.models import ContentType

    membership_type = ContentType.objects.get_for_model(Membership).pk
    response = client.get(CHANGES, {"model": membership_type})
    assert {i["entry"].content_type_id for i in response.context["items"]} == {membership_type}
    response = client.get(CHANGES, {"user": "chair_b"})
    assert {i["entry"].actor for i in response.context["items"]} == {history.chair_b}
    response = client.get(CHANGES, {"user": "孙主席"})
    assert {i["entry"].actor for i in response.context["items"]} == {history.chair_b}
    response = client.get(CHANGES, {"action": "2"})
    assert response.context["items"] == []
    today = timezone.localdate()
    response = client.get(CHANGES, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert len(response.context["items"]) == 3
    yesterday = today - datetime.timedelta(days=1)
    response = client.get(CHANGES, {"date_to": yesterday.isoformat()})
    assert response.context["items"] == []


def test_reversed_date_range_is_refused_with_a_message(history, login):
    response = login(history.admin).get(CHANGES, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert response.context["items"] == []


def test_change_history_is_paginated_with_capped_queries(
    cast, login, settings, django_assert_max_num_queries
):
    settings.FULIAN = {**settings.FULIAN, "PAGE_SIZE": 10}
    for i in range(25):
        account_services.membership_add(
            actor=cast.admin, user=cast.nobody, unit=cast.village_a1, role="volunteer"
        )
        m = Membership.objects.get(user=cast.nobody, unit=cast.village_a1)
        account_services.membership_end(actor=cast.admin, membership=m)
        assert i >= 0
    client = login(cast.admin)
    with django_assert_max_num_queries(14):
        response = client.get(CHANGES)
    assert len(response.context["items"]) == 10
    assert response.context["page"].paginator.num_pages == 5
    response = client.get(CHANGES, {"page": 2, "action": "1"})
    assert response.context["page"].number == 2
    assert "action=1" in response.content.decode()


def test_change_history_wrong_role_and_anonymous(history, login, client):
    assert login(history.staff_a).get(CHANGES).status_code == 403
    assert login(history.vchair_a1).get(CHANGES).status_code == 403
    client.logout()
    response = client.get(CHANGES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_outsider_chair_sees_none_of_town_a(history, login):
    """The list page has no object to 404 on: an outsider gets the page without town A's entries."""
    response = login(history.chair_b).get(CHANGES)
    assert {i["entry"].actor for i in response.context["items"]} == {history.chair_b}
    assert "张丽华" not in response.content.decode()


def test_api_token_write_names_the_actor(cast):
    """A service called outside a request still names its actor."""
    account_services.user_set_active(actor=cast.chair_a, user=cast.member_a1, is_active=False)
    entry = LogEntry.objects.get_for_object(cast.member_a1).latest("timestamp")
    assert entry.actor == cast.chair_a


# --- the access log ------------------------------------------------------------------------------------


def test_access_log_right_user_sees_rows_of_her_town(accesses, login, cast):
    response = login(cast.chair_a).get(ACCESS)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert rows == [accesses[0]]
    html = response.content.decode()
    assert "显示完整信息" in html
    assert "青龙村" in html
    assert "用户" in html


def test_access_log_county_admin_and_superuser(accesses, login, cast):
    rows = set(login(cast.admin).get(ACCESS).context["page"].object_list)
    assert rows == {accesses[0], accesses[1]}  # the row without a unit is for superusers only
    cast.nobody.is_superuser = True
    cast.nobody.save()
    rows = set(login(cast.nobody).get(ACCESS).context["page"].object_list)
    assert rows == set(accesses)


def test_access_log_outsider_sees_nothing_of_town_a(accesses, login, cast):
    rows = list(login(cast.chair_b).get(ACCESS).context["page"].object_list)
    assert rows == [accesses[1]]


def test_access_log_filters(accesses, login, cast):
    client = login(cast.admin)
    assert list(client.get(ACCESS, {"action": "export"}).context["page"].object_list) == [accesses[1]]
    assert list(client.get(ACCESS, {"user": "王主席"}).context["page"].object_list) == [accesses[0]]
    response = client.get(ACCESS, {"target_type": "accounts.user"})
    assert set(response.context["page"].object_list) == {accesses[0], accesses[1]}
    assert "用户" in dict(response.context["form"].fields["target_type"].choices).values()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert list(client.get(ACCESS, {"date_from": tomorrow.isoformat()}).context["page"].object_list) == []


def test_access_log_wrong_role_and_anonymous(accesses, login, client, cast):
    assert login(cast.vchair_a1).get(ACCESS).status_code == 403
    client.logout()
    assert client.get(ACCESS).status_code == 302


def test_access_log_query_count_is_capped(cast, login, django_assert_max_num_queries):
    for _ in range(60):
        access_log_write(
            user=cast.chair_a, action=AccessLog.Action.VIEW, target=cast.vchair_a1, unit=cast.village_a1
        )
    client = login(cast.admin)
    with django_assert_max_num_queries(10):
        response = client.get(ACCESS)
    assert len(response.context["page"].object_list) == 50


def test_audit_menu_entries_for_audit_viewers_only(cast, login):
    html = login(cast.chair_a).get(reverse("core:home")).content.decode()
    assert "变更记录" in html
    assert "访问日志" in html
    assert "变更记录" not in login(cast.member_a1).get(reverse("core:home")).content.decode()
