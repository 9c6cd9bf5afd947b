"""Notices: who receives them, read receipts, the home page, meetings, figures and the summary."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.office import selectors, services, summary

pytestmark = pytest.mark.django_db
CHINA = datetime.timezone(datetime.timedelta(hours=8))


def _send(cast, **kw):
    base = {"user": cast.chair_a, "unit": cast.town_a, "title": "t", "body": "b"}
    return services.notice_send(**{**base, **kw})


def test_recipients_by_unit_role_and_list(cast):
    by_unit = _send(cast, units=[cast.village_a1], subunits=False)
    assert sorted(r.user.username for r in by_unit.receipts.all()) == [
        "member_a1",
        "vchair_a1",
        "volunteer_a1",
    ]
    by_role = _send(cast, roles=["town_staff", "village_chair"])
    assert sorted(r.user.username for r in by_role.receipts.all()) == ["staff_a", "vchair_a1", "vchair_a2"]
    by_list = _send(cast, people=[cast.member_a1], units=[cast.village_a2], roles=["village_chair"])
    assert sorted(r.user.username for r in by_list.receipts.all()) == ["member_a1", "vchair_a2"]
    whole_town = _send(cast, units=[cast.town_a])
    names = {r.user.username for r in whole_town.receipts.all()}
    assert "vchair_a2" in names
    assert not names & {"chair_a", "chair_b"}


def test_nobody_outside_the_senders_scope(cast):
    with pytest.raises(ValidationError) as unit:
        _send(cast, units=[cast.town_b])
    assert unit.value.message_dict["units"] == ["古东关街道不在您的管辖范围内"]
    with pytest.raises(ValidationError) as person:
        _send(cast, people=[cast.chair_b])
    assert person.value.message_dict["people"] == ["名单中有人不在您的管辖范围内"]
    with pytest.raises(ValidationError) as empty:
        _send(cast, units=[cast.village_a2], roles=["case_worker"])
    assert "没有符合条件的接收人" in empty.value.message_dict["units"][0]


def test_a_meeting_needs_a_time_after_now(cast):
    with pytest.raises(ValidationError) as missing:
        _send(cast, kind="meeting", units=[cast.town_a])
    assert missing.value.message_dict["meeting_at"] == ["会议通知请填写会议时间"]
    now = datetime.datetime(2027, 6, 15, 10, tzinfo=CHINA)
    with pytest.raises(ValidationError) as past:
        _send(cast, kind="meeting", units=[cast.town_a], meeting_at=now - datetime.timedelta(minutes=1))
    assert past.value.message_dict["meeting_at"] == ["会议时间应晚于现在"]
    later = _send(cast, kind="meeting", units=[cast.town_a], meeting_at=now + datetime.timedelta(hours=1))
    assert later.meeting_at > now


def test_reading_marks_the_receipt_once_and_the_sender_sees_who_has_not(cast, office, login, clock):
    url = reverse("office:notice_detail", args=[office.notice.pk])
    clock.set("2027-06-15T11:00")
    login(cast.vchair_a1).get(url)
    first = office.notice.receipts.get(user=cast.vchair_a1).read_at
    clock.set("2027-06-16T08:00")
    login(cast.vchair_a1).get(url)
    assert office.notice.receipts.get(user=cast.vchair_a1).read_at == first
    page = login(cast.chair_a).get(url).content.decode()
    assert '<span data-testid="n-read">1</span> / 2' in page
    assert "未读" in page
    assert office.notice.receipts.get(user=cast.vchair_a2).read_at is None
    assert office.notice.receipts.filter(user=cast.chair_a).count() == 0  # the sender reads no receipt


def test_unread_notices_are_on_the_home_page_until_read(cast, office, login):
    home = login(cast.vchair_a2).get("/").content.decode()
    assert "未读通知：报送工作信息的通知" in home
    first = home[home.index('data-testid="feed"') :].split("<li")[1]
    assert "未读" in first  # unread notices are pinned above the change history
    assert "置顶" in first
    assert "未读会议通知：妇联主席例会" in home
    assert selectors.unread_count(user=cast.vchair_a2) == 2
    login(cast.vchair_a2).get(reverse("office:notice_detail", args=[office.notice.pk]))
    home = login(cast.vchair_a2).get("/").content.decode()
    assert "未读通知：报送工作信息的通知" not in home
    assert "未读通知" not in login(cast.chair_b).get("/").content.decode()


def test_signup_closes_when_the_meeting_starts_and_attendance_opens(cast, office, clock):
    services.meeting_signup(user=cast.vchair_a1, notice=office.meeting)
    services.meeting_signup(user=cast.vchair_a2, notice=office.meeting, attending=False)
    assert office.meeting.receipts.get(user=cast.vchair_a2).signed_up_at is None
    with pytest.raises(ValidationError, match="会议尚未开始"):
        services.attendance_record(user=cast.chair_a, notice=office.meeting, present=[])
    clock.set("2027-06-22T09:00")  # the meeting's start
    with pytest.raises(ValidationError, match="会议已开始"):
        services.meeting_signup(user=cast.vchair_a2, notice=office.meeting)
    with pytest.raises(ValidationError, match="不是这份通知的接收人"):
        services.attendance_record(user=cast.chair_a, notice=office.meeting, present=[999999])
    mine = office.meeting.receipts.get(user=cast.vchair_a1)
    assert services.attendance_record(user=cast.chair_a, notice=office.meeting, present=[mine.pk]) == 1
    with pytest.raises(ValidationError, match="不是会议通知"):
        services.meeting_signup(user=cast.vchair_a1, notice=office.notice)


def test_search_finds_number_title_and_sender(cast, office):
    def found(q):
        rows = selectors.document_list(user=cast.chair_a, filters=selectors.DocumentFilters(q=q))
        return sorted(d.title for d in rows)

    assert found("竹妇发〔2027〕2号") == ["关于评选最美家庭的通知"]
    assert found("万源市妇联") == ["关于做好妇女工作的意见"]
    assert found("三八") == ["关于开展三八节活动的通知"]
    assert (
        selectors.document_list(user=cast.chair_b, filters=selectors.DocumentFilters(q="三八")).count() == 0
    )


def test_figures_and_the_summary_paragraph(cast, office):
    year = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    f = selectors.figures(user=cast.county_user, unit=cast.county, start=year[0], end=year[1])
    assert f == {"office.sent": 2, "office.received": 1, "office.notices": 2, "office.meetings": 1}
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, start=year[0], end=year[1], group_by_child=True
    )
    assert (rows[cast.town_a.pk]["office.sent"], rows[cast.town_b.pk]["office.sent"]) == (2, 0)
    before = selectors.figures(
        user=cast.county_user, unit=cast.county, start=year[0], end=datetime.date(2027, 2, 28)
    )
    assert before["office.sent"] == 0  # dated 1 March: the day after the period

    class Ctx:
        def value(self, key, default=0):
            return f.get(key, default) or default

        def fig(self, key, shown):
            return shown

    (para,) = summary.contribute(Ctx())
    assert para.area == "self"
    assert para.text == "规范公文办理，全年制发文件2件，办理来文1件，通过工作平台发送通知2份。"


def test_records_add_up(cast, office):
    from fulian.office.figures import records

    year = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    for key, value in (("office.sent", 2), ("office.received", 1), ("office.meetings", 1)):
        trace = records(key, user=cast.county_user, unit=cast.county, start=year[0], end=year[1])
        assert trace.parts[0].total() == value, key
