"""Four checks on every page and endpoint of the office app."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from fulian.core.testing import access

pytestmark = pytest.mark.django_db


def pages(o):
    return [
        # url, right user, wrong role, detail (outsider 404)
        (reverse("office:index"), "chair_a", "member_a1", False),
        (reverse("office:index") + "?q=三八&direction=sent&year=2027", "vchair_a1", "volunteer_a1", False),
        (reverse("office:document_send"), "staff_a", "vchair_a1", False),
        (reverse("office:document_receive"), "chair_a", "vchair_a1", False),
        (reverse("office:series"), "chair_a", "member_a1", False),
        (reverse("office:document_detail", args=[o.first.pk]), "staff_a", "member_a1", True),
        (reverse("office:document_file", args=[o.first.pk]), "chair_a", "member_a1", True),
        (reverse("office:inbox"), "vchair_a1", "nobody", False),
        (reverse("office:sent"), "chair_a", "member_a1", False),
        (reverse("office:notice_create"), "vchair_a1", "member_a1", False),
        (reverse("office:notice_detail", args=[o.notice.pk]), "vchair_a1", "nobody", True),
    ]


@pytest.fixture
def o(office):
    office.first.attachment.save("通知.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    return office


def test_right_user_gets_the_page(cast, o, login):
    access.right_user_works(login, cast, pages(o))


def test_wrong_role_gets_403(cast, o, login):
    access.wrong_role_gets_403(login, cast, pages(o))


def test_outsider_gets_404_or_sees_nothing_of_town_a(cast, o, login):
    access.outsider_sees_nothing(
        login(cast.chair_b), pages(o), hidden=["关于开展三八节活动的通知", "报送工作信息的通知", "竹妇发"]
    )


def test_anonymous_goes_to_login(client, o):
    access.anonymous_goes_to_login(client, pages(o))


def test_a_recipient_cannot_see_the_receipts_of_others(cast, o, login):
    text = login(cast.vchair_a1).get(reverse("office:notice_detail", args=[o.notice.pk])).content.decode()
    assert "陈芳" not in text  # the other village chair
    sender = login(cast.chair_a).get(reverse("office:notice_detail", args=[o.notice.pk])).content.decode()
    assert "陈芳" in sender


def test_document_send_posts_four_ways(cast, o, login, client):
    url = reverse("office:document_send")
    data = {"series": o.series.pk, "title": "关于开展家庭教育周的通知", "dated_on": "2027-06-15"}
    assert Client().post(url, data).status_code == 302
    assert login(cast.vchair_a1).post(url, data).status_code == 403
    assert login(cast.chair_b).post(url, data).status_code == 400  # 竹妇发 is no choice of hers
    response = login(cast.staff_a).post(url, data)
    assert response.status_code == 302
    from fulian.office.models import Document

    assert Document.objects.get(title="关于开展家庭教育周的通知").number == "竹妇发〔2027〕3号"


def test_document_receive_and_series_post_four_ways(cast, o, login, client):
    receive = reverse("office:document_receive")
    data = {"unit": cast.town_a.pk, "source": "万源市妇联", "title": "来文", "dated_on": "2027-06-01"}
    assert Client().post(receive, data).status_code == 302
    assert login(cast.vchair_a1).post(receive, data).status_code == 403
    assert login(cast.chair_b).post(receive, data).status_code == 400
    assert login(cast.chair_a).post(receive, {**data, "source": ""}).status_code == 400
    assert login(cast.chair_a).post(receive, data).status_code == 302
    series = reverse("office:series")
    body = {"unit": cast.town_a.pk, "prefix": "竹妇函"}
    assert Client().post(series, body).status_code == 302
    assert login(cast.member_a1).post(series, body).status_code == 403
    assert login(cast.chair_b).post(series, body).status_code == 400
    assert login(cast.chair_a).post(series, body).status_code == 302
    assert "已被使用" in login(cast.chair_a).post(series, body).content.decode()


def test_notice_create_posts_four_ways(cast, o, login, client):
    url = reverse("office:notice_create")
    data = {
        "unit": cast.village_a1.pk,
        "kind": "notice",
        "title": "小组长会",
        "body": "周五开会",
        "units": [cast.village_a1.pk],
    }
    assert Client().post(url, data).status_code == 302
    assert login(cast.member_a1).post(url, data).status_code == 403
    assert login(cast.vchair_b1).post(url, data).status_code == 400  # 青龙村 is no choice of hers
    response = login(cast.vchair_a1).post(url, data)
    assert response.status_code == 302
    from fulian.office.models import Notice

    made = Notice.objects.get(title="小组长会")
    assert sorted(r.user.username for r in made.receipts.all()) == ["member_a1", "volunteer_a1"]


def test_signup_and_attendance_post_four_ways(cast, o, login, client, clock):
    signup = reverse("office:signup", args=[o.meeting.pk])
    assert Client().post(signup).status_code == 302
    assert login(cast.nobody).post(signup).status_code == 403
    assert login(cast.chair_b).post(signup).status_code == 404
    assert login(cast.vchair_a1).post(signup, {"attending": "1"}).status_code == 302
    mine = o.meeting.receipts.get(user=cast.vchair_a1)
    assert mine.signed_up_at is not None
    assert mine.read_at is not None
    attendance = reverse("office:attendance", args=[o.meeting.pk])
    body = {"present": [mine.pk]}
    assert Client().post(attendance, body).status_code == 302
    assert login(cast.member_a1).post(attendance, body).status_code == 403
    assert login(cast.chair_b).post(attendance, body).status_code == 404
    clock.set("2027-06-22T09:30")
    assert login(cast.chair_a).post(attendance, body).status_code == 302
    assert sorted(o.meeting.receipts.values_list("attended", flat=True)) == [False, True]


def test_api_four_ways(cast, o, api_client):
    reads = {
        "series": ("chair_a", "member_a1", o.series.pk),
        "sent": ("staff_a", "member_a1", o.first.pk),
        "received": ("chair_a", "volunteer_a1", o.received.pk),
        "notices": ("chair_a", "member_a1", o.notice.pk),
        "inbox": ("vchair_a1", "nobody", o.notice.receipts.get(user=cast.vchair_a1).pk),
    }
    for name, (right, wrong, pk) in reads.items():
        url = f"/api/v1/office/{name}/"
        assert api_client.get(url).status_code == 401, url
        api_client.force_authenticate(getattr(cast, wrong))
        assert api_client.get(url).status_code == 403, url
        api_client.force_authenticate(getattr(cast, right))
        assert api_client.get(url).json()["count"] >= 1, url
        assert api_client.get(f"{url}{pk}/").status_code == 200, url
        api_client.force_authenticate(cast.chair_b)
        assert api_client.get(f"{url}{pk}/").status_code == 404, url
        api_client.force_authenticate(None)


def test_api_reading_and_numbering(cast, o, api_client):
    receipt = o.notice.receipts.get(user=cast.vchair_a1)
    api_client.force_authenticate(cast.vchair_a2)
    assert api_client.post(f"/api/v1/office/inbox/{receipt.pk}/read/").status_code == 404  # not hers
    api_client.force_authenticate(cast.vchair_a1)
    read = api_client.post(f"/api/v1/office/inbox/{receipt.pk}/read/")
    assert read.status_code == 200
    assert read.json()["read_at"]
    api_client.force_authenticate(cast.staff_a)
    made = api_client.post(
        "/api/v1/office/sent/", {"series": o.series.pk, "title": "x", "dated_on": "2027-06-15"}, format="json"
    )
    assert (made.status_code, made.json()["number"]) == (201, "竹妇发〔2027〕3号")
    api_client.force_authenticate(cast.vchair_a1)
    refused = api_client.post(
        "/api/v1/office/sent/", {"series": o.series.pk, "title": "x", "dated_on": "2027-06-15"}, format="json"
    )
    assert refused.status_code == 403
