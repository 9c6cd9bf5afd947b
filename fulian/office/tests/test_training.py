"""A meeting notice as cadre training (以会代训): its attendees (accounts) become the training's trained
cadres (roster entries) by phone, else by name in their own unit; the unmatched are shown with the
reason and never put on the list; create, link, sync; the page's and the API's access checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fulian.office import services
from fulian.orgbuild import services as orgbuild
from fulian.orgbuild.models import Attendance, CadreTraining
from fulian.orgs.models import FederationMember

pytestmark = pytest.mark.django_db
CHINA = datetime.timezone(datetime.timedelta(hours=8))
MEETING = datetime.datetime(2027, 6, 12, 9, tzinfo=CHINA)


def _post(unit, name, phone="", start=datetime.date(2026, 1, 1), end=None):
    return FederationMember.objects.create(
        unit=unit, name=name, position="committee", phone=phone, term_start=start, term_end=end
    )


@pytest.fixture
def held(cast, clock):
    """A meeting of town A's village chairs and a committee member, held on 12 June; all three came.
    张丽 is on the roster by her phone, 陈芳 by her name (no phone), 刘执委 not at all."""
    clock.set(datetime.datetime(2027, 6, 10, 10, tzinfo=CHINA))
    cast.vchair_a1.phone = "139 0000 0001"
    cast.vchair_a1.save(update_fields=["phone"])
    _post(cast.village_a1, "张丽（旧名）", phone="13900000001")
    _post(cast.village_a2, "陈芳")
    _post(cast.village_a2, "已离任", phone="13900000009", end=datetime.date(2027, 1, 1))
    notice = services.notice_send(
        user=cast.chair_a, unit=cast.town_a, kind="meeting", title="妇联主席培训会", body="请准时参会。",
        people=[cast.vchair_a1, cast.vchair_a2, cast.member_a1], meeting_at=MEETING, place="镇政府会议室",
    )  # fmt: skip
    clock.set(datetime.datetime(2027, 6, 15, 10, tzinfo=CHINA))
    services.attendance_record(
        user=cast.chair_a, notice=notice, present=[r.pk for r in notice.receipts.all()]
    )
    return notice


def test_attendees_are_matched_by_phone_then_name_and_the_rest_shown_apart(cast, held):
    matches = {m.name: m for m in services.attendance_matches(held)}
    assert (matches["张丽"].member.name, matches["张丽"].how) == ("张丽（旧名）", "手机号")
    assert (matches["陈芳"].member.unit, matches["陈芳"].how) == (cast.village_a2, "姓名")
    assert matches["刘执委"].member is None
    assert "2027-06-12在任的妇联干部名册中没有" in matches["刘执委"].how


def test_a_training_made_from_the_notice_takes_the_matched_attendees(cast, held):
    training, result = services.training_from_notice(user=cast.chair_a, notice=held, hours=Decimal("2.0"))
    assert (training.kind, training.title, training.started_on, training.place) == (
        "meeting", "妇联主席培训会", datetime.date(2027, 6, 12), "镇政府会议室",
    )  # fmt: skip
    assert sorted(m.name for m in result.added) == ["张丽（旧名）", "陈芳"]
    assert [m.name for m in result.unmatched] == ["刘执委"]
    assert Attendance.objects.filter(training=training).count() == 2
    held.refresh_from_db()
    assert held.training == training
    # 刘执委 is entered on the roster later: a sync adds her only, nobody twice
    _post(cast.village_a1, "刘执委")
    again = services.attendance_sync(user=cast.chair_a, notice=held)
    assert ([m.name for m in again.added], again.already, again.unmatched) == (["刘执委"], 2, [])
    with pytest.raises(ValidationError, match="已记为干部培训"):
        services.training_from_notice(user=cast.chair_a, notice=held, hours=Decimal("2.0"))


def test_only_a_meeting_held_becomes_training(cast, held, clock):
    clock.set(datetime.datetime(2027, 6, 11, 10, tzinfo=CHINA))
    with pytest.raises(ValidationError, match="会议尚未召开"):
        services.training_from_notice(user=cast.chair_a, notice=held, hours=Decimal("1.0"))
    plain = services.notice_send(
        user=cast.chair_a, unit=cast.town_a, title="通知", body="b", people=[cast.vchair_a1]
    )
    with pytest.raises(ValidationError, match="只有会议通知"):
        services.training_from_notice(user=cast.chair_a, notice=plain, hours=Decimal("1.0"))
    assert not CadreTraining.objects.exists()


def test_linking_an_existing_training_and_its_limits(cast, held):
    own = orgbuild.training_create(
        user=cast.chair_a, unit=cast.town_a, kind="course", title="专题培训", hours=Decimal("4"),
        started_on=datetime.date(2027, 6, 12), ended_on=datetime.date(2027, 6, 12),
    )  # fmt: skip
    other = orgbuild.training_create(
        user=cast.chair_b, unit=cast.town_b, kind="course", title="乙镇培训", hours=Decimal("4"),
        started_on=datetime.date(2027, 6, 12), ended_on=datetime.date(2027, 6, 12),
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="无权执行此操作"):
        services.training_link(user=cast.chair_a, notice=held, training=other)
    result = services.training_link(user=cast.chair_a, notice=held, training=own)
    assert len(result.added) == 2
    assert [m.name for m in result.unmatched] == ["刘执委"]


def test_page_four_access_checks_and_actions(client, login, cast, held):
    url = reverse("office:notice_training", args=[held.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.volunteer_a1).get(url).status_code == 403
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.chair_b).post(url, {"action": "create", "hours": "2"}).status_code == 404
    client = login(cast.chair_a)
    page = client.get(url).content.decode()
    assert "未能对应名册的出席人员" in page
    assert "刘执委" in page
    response = client.post(url, {"action": "create", "hours": ""})
    assert response.status_code == 302
    assert not CadreTraining.objects.exists()
    response = client.post(url, {"action": "create", "hours": "2", "kind": "meeting"}, follow=True)
    assert "新增2人" in response.content.decode()
    assert "1人未能对应妇联干部名册：刘执委" in response.content.decode()
    assert CadreTraining.objects.get().attendances.count() == 2


def test_api_twin(api_client, cast, held):
    url = f"/api/v1/office/notice-training/{held.pk}/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).status_code == 404
    assert api_client.post(f"{url}record/", {"action": "sync"}, format="json").status_code == 404
    api_client.force_authenticate(cast.chair_a)
    body = api_client.get(url).json()
    assert [m["name"] for m in body["unmatched"]] == ["刘执委"]
    assert body["training"] is None
    response = api_client.post(f"{url}record/", {"action": "create"}, format="json")
    assert response.status_code == 400
    assert "学时" in str(response.json())
    done = api_client.post(f"{url}record/", {"action": "create", "hours": "2.0"}, format="json").json()
    assert sorted(done["added"]) == ["张丽（旧名）", "陈芳"]
    assert done["unmatched"][0]["member"] is None
