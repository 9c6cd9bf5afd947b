"""The four access checks of every SMS page and API call: right user works, outsider 404, wrong role 403,
anonymous → login (401 on the API); and phones masked on the page."""

import pytest
from django.urls import reverse

from fulian.sms import services
from fulian.sms.gateways import ConsoleGateway
from fulian.sms.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_message(cast):
    saved = services.saved_list_create(
        user=cast.chair_a, unit=cast.town_a, name="竹峪镇村主席", entries="张丽,13912345678\n陈芳,13900000002"
    )
    return services.message_compose(
        user=cast.chair_a,
        unit=cast.town_a,
        text="{姓名}您好，明天上午9点在镇妇联开会。",
        sign_name="竹峪妇联",
        audience="list",
        saved_list=saved,
    )


def pages(m):
    return [
        ("get", reverse("sms:message_list")),
        ("get", reverse("sms:message_detail", args=[m.pk])),
        ("get", reverse("sms:message_compose")),
        ("get", reverse("sms:template_list")),
        ("get", reverse("sms:template_create")),
        ("get", reverse("sms:saved_list_create")),
        ("get", reverse("sms:optout_create")),
        ("post", reverse("sms:message_send", args=[m.pk])),
        ("post", reverse("sms:message_cancel", args=[m.pk])),
    ]


def test_anonymous_goes_to_login(client, town_message):
    for method, url in pages(town_message):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_a_role_without_sms_gets_403(login, cast, town_message):
    client = login(cast.volunteer_a1)
    for method, url in pages(town_message):
        assert getattr(client, method)(url).status_code == 403, url


def test_a_village_chair_reads_but_may_not_send(login, cast, town_message):
    client = login(cast.vchair_a1)
    assert client.get(reverse("sms:message_list")).status_code == 200
    assert client.get(reverse("sms:message_compose")).status_code == 403
    assert client.post(reverse("sms:message_send", args=[town_message.pk])).status_code == 403


def test_an_outsider_gets_404(login, cast, town_message):
    client = login(cast.chair_b)
    assert client.get(reverse("sms:message_detail", args=[town_message.pk])).status_code == 404
    assert client.post(reverse("sms:message_send", args=[town_message.pk])).status_code == 404
    assert client.post(reverse("sms:message_cancel", args=[town_message.pk])).status_code == 404
    town_message.refresh_from_db()
    assert town_message.status == Message.Status.DRAFT
    assert town_message.text not in client.get(reverse("sms:message_list")).content.decode()


def test_the_right_user_previews_and_sends_with_phones_masked(
    login, cast, town_message, django_capture_on_commit_callbacks
):
    client = login(cast.chair_a)
    page = client.get(reverse("sms:message_detail", args=[town_message.pk])).content.decode()
    assert "【竹峪妇联】张丽您好" in page
    assert "计费" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sms:message_send", args=[town_message.pk]))
    assert response.status_code == 302
    page = client.get(reverse("sms:message_detail", args=[town_message.pk])).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    assert "已发出" in page
    assert len(ConsoleGateway.sent) == 2


def test_compose_page_saves_a_draft_and_names_a_bad_variable_line(login, cast):
    client = login(cast.county_user)
    saved = services.saved_list_create(
        user=cast.county_user, unit=cast.county, name="名单", entries="甲,13900000001"
    )
    data = {
        "unit": cast.county.pk,
        "sign_name": "万源妇联",
        "text": "{姓名}您好，{时间}开会",
        "variables": "时间 6月20日",
        "audience": "list",
        "saved_list": saved.pk,
        "quiet_start": "21:00",
        "quiet_end": "08:00",
    }
    response = client.post(reverse("sms:message_compose"), data)
    assert response.status_code == 400  # the form again, with its errors (core.viewhelpers.form_page)
    assert "第1行“时间 6月20日”：请写成“变量名=内容”" in response.content.decode()
    assert not Message.objects.exists()
    response = client.post(reverse("sms:message_compose"), {**data, "variables": "时间=6月20日"})
    message = Message.objects.get()
    assert response["Location"] == reverse("sms:message_detail", args=[message.pk])
    assert message.variables == {"时间": "6月20日"}
    response = client.post(reverse("sms:message_compose"), {**data, "unit": cast.province.pk})
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


API = "/api/v1/sms"


def test_api_four_ways(api_client, cast, town_message):
    urls = [
        f"{API}/messages/",
        f"{API}/messages/{town_message.pk}/",
        f"{API}/messages/{town_message.pk}/preview/",
    ]
    for url in urls:
        assert api_client.get(url).status_code == 401, url
    api_client.force_authenticate(cast.volunteer_a1)
    for url in urls:
        assert api_client.get(url).status_code == 403, url
    assert api_client.post(f"{API}/messages/{town_message.pk}/send/", {}, format="json").status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(urls[1]).status_code == 404
    assert api_client.post(f"{API}/messages/{town_message.pk}/send/", {}, format="json").status_code == 404
    api_client.force_authenticate(cast.chair_a)
    preview = api_client.get(urls[2]).json()
    assert (preview["recipients"], preview["parts"], preview["cost"]) == (2, 1, "0.09")
    assert api_client.post(f"{API}/messages/{town_message.pk}/send/", {}, format="json").status_code == 200
    rows = api_client.get(f"{API}/messages/{town_message.pk}/deliveries/").json()["results"]
    assert sorted(r["phone"] for r in rows) == ["139****0002", "139****5678"]


def test_api_refuses_a_second_send_with_the_reason(api_client, cast, town_message):
    api_client.force_authenticate(cast.chair_a)
    url = f"{API}/messages/{town_message.pk}/send/"
    assert api_client.post(url, {}, format="json").status_code == 200
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert "已经发送" in str(response.json())
