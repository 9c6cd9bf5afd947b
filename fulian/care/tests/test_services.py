"""Pairing rules: bad input refused with a Chinese message and nothing saved; re-pairing keeps history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.care import services
from fulian.care.models import Pairing, Visit, Volunteer

from .factories import make_person, years_ago

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_pairing_create_sets_the_first_due_date(cast, care):
    p = services.pairing_create(
        user=cast.vchair_a2 if False else cast.chair_a,
        volunteer=care.other,
        child=care.free_child,
        started_on=TODAY,
        reason="单亲家庭",
        frequency=14,
    )
    assert p.village == cast.village_a2
    assert p.next_visit_due == TODAY + datetime.timedelta(days=14)


def test_a_child_with_an_active_pairing_is_refused(cast, care):
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            user=cast.chair_a, volunteer=care.other, child=care.child1, started_on=TODAY, reason="x"
        )
    assert "已有进行中的结对" in str(exc.value)
    assert Pairing.objects.filter(child=care.child1).count() == 1


def test_an_adult_cannot_be_paired_as_a_child(cast, care):
    adult = make_person(cast.village_a1, "成年人", years_ago(30))
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            user=cast.chair_a, volunteer=care.other, child=adult, started_on=TODAY, reason="x"
        )
    assert "未满18周岁" in str(exc.value)


def test_a_child_outside_the_scope_is_refused(cast, care):
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            user=cast.vchair_a1, volunteer=care.other, child=care.free_child, started_on=TODAY, reason="x"
        )
    assert "不在您的管辖范围内" in str(exc.value)
    assert not Pairing.objects.filter(child=care.free_child).exists()


def test_repairing_ends_the_old_pairing_and_keeps_its_visits(cast, care):
    new = services.pairing_repair(
        user=cast.chair_a, pairing=care.p_mine, volunteer=care.other, started_on=TODAY, reason="原志愿者外出"
    )
    old = Pairing.objects.get(pk=care.p_mine.pk)
    assert old.ended_on == TODAY
    assert old.replaced_by == new
    assert "原志愿者外出" in old.end_reason
    assert new.child == care.child1
    assert new.is_active
    assert new.frequency == old.frequency
    assert old.visits.count() == 1
    assert list(Pairing.objects.filter(child=care.child1).order_by("id")) == [old, new]


def test_repair_refused_midway_saves_nothing(cast, care):
    care.other.left_on = TODAY
    care.other.save()
    with pytest.raises(ValidationError) as exc:
        services.pairing_repair(
            user=cast.chair_a, pairing=care.p_mine, volunteer=care.other, started_on=TODAY, reason="更换"
        )
    assert "已退出" in str(exc.value)
    assert Pairing.objects.get(pk=care.p_mine.pk).ended_on is None
    assert Pairing.objects.filter(child=care.child1).count() == 1


def test_visit_moves_the_due_date_and_clears_overdue(cast, care):
    assert care.p_mine.is_overdue()
    services.visit_record(user=cast.volunteer_a1, pairing=care.p_mine, visited_on=TODAY, notes="看望")
    care.p_mine.refresh_from_db()
    assert care.p_mine.next_visit_due == TODAY + datetime.timedelta(days=30)
    assert not care.p_mine.is_overdue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"visited_on": (TODAY + datetime.timedelta(days=3)).isoformat(), "kind": "home", "notes": "x"},
            "不能晚于今天",
        ),
        ({"visited_on": "2000-01-01", "kind": "home", "notes": "x"}, "不能早于结对日期"),
        ({"visited_on": TODAY.isoformat(), "kind": "home", "notes": "  "}, "必填"),
        ({"visited_on": "不是日期", "kind": "home", "notes": "x"}, "有效的日期"),
        ({"visited_on": TODAY.isoformat(), "kind": "飞鸽", "notes": "x"}, "有效的选项"),
    ],
)
def test_bad_visit_is_refused_with_a_clear_message(cast, care, login, data, message):
    before = Visit.objects.count()
    response = login(cast.volunteer_a1).post(reverse("care:visit_create", args=[care.p_mine.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Visit.objects.count() == before


def test_bad_pairing_via_the_api_is_refused_in_chinese(cast, care, api_client):
    api_client.force_authenticate(cast.chair_a)
    data = {
        "volunteer": care.other.pk,
        "child": care.child1.pk,
        "started_on": TODAY.isoformat(),
        "reason": "x",
    }
    response = api_client.post("/api/v1/care/pairings/", data)
    assert response.status_code == 400
    assert "已有进行中的结对" in response.json()["child"][0]
    response = api_client.post("/api/v1/care/pairings/", {**data, "child": care.child3.pk})
    assert response.status_code == 400
    assert "不存在或不在您的管辖范围内" in response.json()["child"][0]
    assert Pairing.objects.count() == 3


def test_volunteer_registration_checks_the_account_role(cast, care):
    person = make_person(cast.village_a1, "新志愿者", years_ago(35))
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(user=cast.vchair_a1, person=person, account=cast.member_a1)
    assert "没有志愿者角色" in str(exc.value)
    assert not Volunteer.objects.filter(person=person).exists()
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(user=cast.vchair_a1, person=care.mine.person)
    assert "已登记为志愿者" in str(exc.value)


def test_create_pairing_through_the_page(cast, care, login):
    client = login(cast.chair_a)
    data = {
        "volunteer": care.other.pk,
        "child": care.free_child.pk,
        "started_on": TODAY.isoformat(),
        "frequency": 30,
        "reason": "父母外出务工",
    }
    response = client.post(reverse("care:pairing_create"), data)
    assert response.status_code == 302
    assert Pairing.objects.get(child=care.free_child).volunteer == care.other


def test_a_volunteer_cannot_be_registered_from_a_future_day(cast, care):
    """As the volunteer import refuses a future 登记日期, so do the service and its form."""
    person = make_person(cast.village_a1, "未来志愿者", years_ago(35))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.volunteer_register(user=cast.vchair_a1, person=person, registered_on=tomorrow)
    assert exc.value.message_dict["registered_on"] == ["登记日期不能晚于今天"]
    assert not Volunteer.objects.filter(person=person).exists()
    volunteer = services.volunteer_register(user=cast.vchair_a1, person=person)
    assert volunteer.registered_on == datetime.date.today()
