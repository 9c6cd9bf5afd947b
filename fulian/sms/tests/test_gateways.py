"""The Alibaba Cloud and Tencent Cloud adapters through their real SDKs against the fake gateway on
127.0.0.1 (fakegateway.py): signatures checked, throttling, accepted-then-timed-out sends, receipts."""

import json
import time

import pytest

from fulian.sms.fakegateway import FakeGateway
from fulian.sms.gateways import Outcome, Outgoing, get_gateway
from fulian.sms.models import Delivery

S = Delivery.Status
PROVIDERS = ["aliyun", "tencent"]


@pytest.fixture
def fake():
    gateways = []

    def start(**kw):
        gw = FakeGateway(**kw).start()
        gateways.append(gw)
        return gw

    yield start
    for gw in gateways:
        gw.stop()


def use(settings, fake_gw, provider, **extra):
    settings.SMS = {
        **settings.SMS,
        "GATEWAY": provider,
        provider.upper(): fake_gw.settings(provider),
        **extra,
    }


def item(phone="13900000000", out_id="out-1"):
    return Outgoing(
        phone=phone,
        sign_name="万源妇联",
        template_code="SMS_1001",
        params={"姓名": "测试"},
        text="【万源妇联】测试",
        out_id=out_id,
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_signed_send_is_accepted_and_found_by_its_out_id(settings, fake, provider):
    gw = fake()
    use(settings, gw, provider)
    result = get_gateway().send(item())
    assert result.outcome == Outcome.ACCEPTED
    assert result.provider_id
    assert gw.bad_signatures == 0
    assert gw.per_out_id["out-1"] == 1
    assert get_gateway().query(item()).found.value == "found"
    assert get_gateway().query(item(out_id="never")).found.value == "not_found"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_wrong_key_is_refused_by_the_signature_check_and_fails_for_good(settings, fake, provider):
    gw = fake()
    conf = gw.settings(provider)
    conf["ACCESS_KEY_SECRET" if provider == "aliyun" else "SECRET_KEY"] = "wrong"
    settings.SMS = {**settings.SMS, "GATEWAY": provider, provider.upper(): conf}
    result = get_gateway().send(item())
    assert result.outcome == Outcome.PERMANENT
    assert gw.bad_signatures == 1
    assert not gw.accepted


@pytest.mark.parametrize("provider", PROVIDERS)
def test_throttled_is_temporary_and_a_stall_after_accepting_is_unknown(settings, fake, provider):
    gw = fake(fail_rate=1.0)
    use(settings, gw, provider, TIMEOUT_SECONDS=1)
    assert get_gateway().send(item()).outcome == Outcome.TEMPORARY
    gw.fail_rate, gw.stall_rate, gw.stall_seconds = 0.0, 1.0, 2.5
    started = time.monotonic()
    assert get_gateway().send(item(out_id="out-2")).outcome == Outcome.UNKNOWN
    assert time.monotonic() - started < 2.4
    assert gw.per_out_id["out-2"] == 1  # the provider has it: it must not be sent again


@pytest.mark.parametrize("provider", PROVIDERS)
def test_faults_every_recipient_exactly_once(cast, draft, send, settings, fake, provider):
    gw = fake(fail_rate=0.3, accept_then_stall_rate=0.15, stall_seconds=1.5, seed=3)
    use(settings, gw, provider, TIMEOUT_SECONDS=1, MAX_ATTEMPTS=10)
    message = draft(20)
    send(message)
    assert gw.calls[f"{provider}.SendSms"] > 20  # failures were retried
    assert gw.bad_signatures == 0
    assert gw.duplicates == 0
    assert sorted(gw.phones()) == sorted(f"1390000{i:04d}" for i in range(20))
    assert set(message.deliveries.values_list("status", flat=True)) <= {S.SENT, S.DELIVERED}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_receipts_posted_to_the_callback_mark_delivered(
    cast, draft, send, settings, fake, provider, live_server
):
    gw = fake()
    use(settings, gw, provider)
    message = draft(3)
    send(message)
    applied = gw.post_receipts(f"{live_server.url}/sms/receipts/{provider}/", provider, "test-secret")
    assert applied == 3
    assert set(message.deliveries.values_list("status", flat=True)) == {S.DELIVERED}


def test_a_callback_with_a_bad_or_old_signature_changes_nothing(cast, draft, send, client):
    from fulian.sms.callbacks import sign

    message = draft(1)
    send(message)
    row = message.deliveries.get()
    body = json.dumps([{"out_id": row.out_id, "success": True, "biz_id": "x"}]).encode()
    url = "/sms/receipts/aliyun/"
    now = str(int(time.time()))
    post = lambda ts, sig: client.post(  # noqa: E731
        url, body, content_type="application/json", HTTP_X_SMS_TIMESTAMP=ts, HTTP_X_SMS_SIGNATURE=sig
    )
    assert post(now, sign(body, now, "other-secret")).status_code == 403
    old = str(int(time.time()) - 301)
    assert post(old, sign(body, old, "test-secret")).status_code == 403
    row.refresh_from_db()
    assert row.status == S.SENT
    almost = str(int(time.time()) - 299)
    assert post(almost, sign(body, almost, "test-secret")).status_code == 200
    row.refresh_from_db()
    assert row.status == S.DELIVERED


def test_a_signed_td_reply_opts_the_phone_out(db, client):
    from fulian.sms.callbacks import sign
    from fulian.sms.models import OptOut

    body = json.dumps([{"phone_number": "13900000005", "content": "TD"}]).encode()
    now = str(int(time.time()))
    r = client.post(
        "/sms/replies/",
        body,
        content_type="application/json",
        HTTP_X_SMS_TIMESTAMP=now,
        HTTP_X_SMS_SIGNATURE=sign(body, now, "test-secret"),
    )
    assert r.status_code == 200
    assert r.json()["opted_out"] == 1
    assert OptOut.objects.count() == 1
