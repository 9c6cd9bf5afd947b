"""The detail page's progress block updates itself while a message is being sent (htmx asks
`sms:message_progress` every 2 s) and stops asking once the message is finished; its four access checks;
the API twin `…/messages/{id}/progress/`."""

import pytest
from django.urls import reverse

from fulian.sms import sending, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending_message(cast, draft):
    """Rows written and the message sending; the tasks are not run (on_commit never fires here)."""
    message = draft(3)
    services.message_send(user=cast.county_user, message=message)
    return message


def test_the_block_polls_while_sending_and_stops_when_done(login, cast, sending_message):
    client = login(cast.county_user)
    url = reverse("sms:message_progress", args=[sending_message.pk])
    detail = client.get(reverse("sms:message_detail", args=[sending_message.pk])).content.decode()
    assert f'hx-get="{url}"' in detail
    assert 'hx-trigger="every 2s"' in detail
    block = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in block
    assert "共 3 人：排队 3，" in block
    assert 'data-width="0"' in block
    assert "data-live" in block

    assert sending.run(sending_message.pk) == 3
    block = client.get(url).content.decode()
    assert "hx-trigger" not in block
    assert "hx-get" not in block
    assert "已发出 3" in block
    assert 'data-width="100"' in block
    assert "data-finished" in block
    assert "139****0000" in block
    assert "13900000000" not in block
    detail = client.get(reverse("sms:message_detail", args=[sending_message.pk])).content.decode()
    assert "hx-trigger" not in detail


def test_a_draft_has_no_polling(login, cast, draft):
    message = draft(2)
    block = login(cast.county_user).get(reverse("sms:message_progress", args=[message.pk])).content.decode()
    assert "hx-trigger" not in block
    assert "发送进度" not in block  # no rows yet


def test_progress_four_access_checks(client, login, cast, sending_message):
    url = reverse("sms:message_progress", args=[sending_message.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.volunteer_a1).get(url).status_code == 403
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.county_user).get(url).status_code == 200


def test_api_progress_twin(api_client, cast, sending_message):
    url = f"/api/v1/sms/messages/{sending_message.pk}/progress/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(cast.county_user)
    body = api_client.get(url).json()
    assert (body["sending"], body["progress"]["queued"], body["progress"]["percent"]) == (True, 3, 0)
    sending.run(sending_message.pk)
    body = api_client.get(url).json()
    assert (body["sending"], body["status"], body["progress"]["sent"]) == (False, "done", 3)
    assert body["progress"]["percent"] == 100
