"""The sending engine with in-process gateways: the state machine, retries, unanswered sends, stale claims,
opt-outs, quiet hours (docs/sms.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from fulian.sms import sending, services
from fulian.sms import text as sms_text
from fulian.sms.gateways import ConsoleGateway, Found, Outcome, QueryResult, SendResult
from fulian.sms.models import Delivery, Message

S = Delivery.Status
pytestmark = pytest.mark.django_db


def test_parts_count_the_sign_70_single_67_per_part():
    assert [sms_text.parts(n) for n in (0, 1, 70, 71, 134, 135, 201, 202)] == [0, 1, 1, 2, 2, 3, 3, 4]
    p = sms_text.preview(sign_name="万源妇联", text="x" * 64, values=[{}], price=0.045)
    assert (p.length, p.parts) == (70, 1)  # 【万源妇联】 is 6 characters
    p = sms_text.preview(sign_name="万源妇联", text="x" * 65, values=[{}, {}], price=0.045)
    assert (p.length, p.parts, p.total_parts, str(p.cost)) == (71, 2, 4, "0.18")


def test_send_reaches_every_phone_once_and_stores_phones_encrypted(cast, draft, send):
    message = draft(5)
    preview, invalid = services.preview(message)
    assert (preview.recipients, invalid) == (5, 0)
    assert preview.text == "【万源妇联】测试0您好，请于6月20日参加培训。"
    send(message)
    message.refresh_from_db()
    assert message.status == Message.Status.DONE
    assert sorted(r["phone"] for r in ConsoleGateway.sent) == [f"1390000{i:04d}" for i in range(5)]
    assert set(message.deliveries.values_list("status", flat=True)) == {S.SENT}
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM sms_delivery")
        raw = [row[0] for row in cur.fetchall()]
    assert raw
    assert not any(value.startswith("139") for value in raw)
    with pytest.raises(ValidationError, match="已经发送"):
        services.message_send(user=cast.county_user, message=message)


def test_opted_out_phone_is_skipped_at_send_time(cast, draft, send):
    message = draft(3)
    services.optout_add(phone="13900000001")
    send(message)
    statuses = dict(message.deliveries.values_list("phone_hash", "status"))
    assert sorted(statuses.values()) == [S.OPTED_OUT, S.SENT, S.SENT]
    assert "13900000001" not in [r["phone"] for r in ConsoleGateway.sent]


def test_reply_td_opts_out_and_other_replies_do_not():
    assert services.reply_received(phone="13900000009", content=" td ") is True
    assert services.reply_received(phone="13900000008", content="收到") is False
    with pytest.raises(ValidationError) as err:
        services.optout_add(phone="12345")
    assert "11位手机号码" in str(err.value.message_dict["phone"])


class Scripted:
    """A gateway answering from a script per phone; records every send it received."""

    name = "scripted"

    def __init__(self, script: dict[str, list[Outcome]], known: set[str] | None = None):
        self.script = {k: list(v) for k, v in script.items()}
        self.received: list[str] = []
        self.known = known if known is not None else set()  # out-ids the "provider" holds
        self.queries = 0

    def send(self, item):
        self.received.append(item.phone)
        outcome = (
            (self.script.get(item.phone) or [Outcome.ACCEPTED]).pop(0)
            if self.script.get(item.phone)
            else Outcome.ACCEPTED
        )
        if outcome in (Outcome.ACCEPTED, Outcome.UNKNOWN):
            self.known.add(item.out_id)  # an unknown outcome here: accepted, answer lost
        return SendResult(outcome, provider_id="p-" + item.out_id[:8], error=outcome.value)

    def query(self, item):
        self.queries += 1
        if item.out_id in self.known:
            return QueryResult(Found.FOUND, provider_id="p-" + item.out_id[:8])
        return QueryResult(Found.NOT_FOUND)


def _start(cast, message):
    """Rows written, message sending; the tasks are not run (on_commit never fires in this test)."""
    services.message_send(user=cast.county_user, message=message)


def test_temporary_failures_retry_with_backoff_then_fail_after_max_attempts(cast, draft, settings):
    settings.SMS = {**settings.SMS, "MAX_ATTEMPTS": 3}
    message = draft(2)
    _start(cast, message)
    gw = Scripted(
        {"13900000000": [Outcome.TEMPORARY, Outcome.ACCEPTED], "13900000001": [Outcome.TEMPORARY] * 3}
    )
    sending.run(message.pk, gateway=gw, max_wait=0.02)
    rows = {d.phone: d for d in message.deliveries.all()}
    assert (rows["13900000000"].status, rows["13900000000"].attempts) == (S.SENT, 2)
    assert rows["13900000000"].error == ""
    assert (rows["13900000001"].status, rows["13900000001"].attempts) == (S.FAILED, 3)
    assert rows["13900000001"].error == "尝试3次仍未发出（temporary）"
    assert gw.received.count("13900000001") == 3


def test_backoff_doubles_from_the_setting_and_is_capped(settings):
    settings.SMS = {**settings.SMS, "BACKOFF_SECONDS": 2.0}
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3, 9, 10)] == [2, 4, 8, 300, 300]
    assert sending.backoff(8).total_seconds() == 256


def test_an_unanswered_send_is_looked_up_not_sent_again(cast, draft):
    message = draft(2)
    _start(cast, message)
    gw = Scripted({"13900000000": [Outcome.UNKNOWN]})
    sending.run(message.pk, gateway=gw, max_wait=0.02)
    assert gw.received.count("13900000000") == 1  # accepted, answer lost: found by its out-id
    assert gw.queries == 1
    assert set(message.deliveries.values_list("status", flat=True)) == {S.SENT}


def test_an_unanswered_send_the_provider_never_got_is_sent_once_more(cast, draft):
    message = draft(1)
    _start(cast, message)
    gw = Scripted({"13900000000": [Outcome.UNKNOWN]})
    gw.send = _lose_first(gw.send, gw)
    sending.run(message.pk, gateway=gw, max_wait=0.02)
    assert gw.received.count("13900000000") == 2
    assert message.deliveries.get().status == S.SENT


def _lose_first(send, gw):
    def wrapped(item):
        result = send(item)
        if len(gw.received) == 1:
            gw.known.discard(item.out_id)  # the request never reached the provider
        return result

    return wrapped


def test_a_dead_workers_rows_are_recovered_after_the_lease(cast, draft, clock, settings):
    settings.FULIAN = {**settings.FULIAN, "JOB_TIMEOUT_SECONDS": 60}
    message = draft(3)
    _start(cast, message)
    ids = sending.claim(message.pk, "dead-worker", 3)
    assert len(ids) == 3
    first = Delivery.objects.get(pk=ids[0])
    Delivery.objects.filter(pk=first.pk).update(status=S.SENDING, attempts=1, sending_at=timezone.now())
    gw = Scripted({}, known={first.out_id})  # the dead worker's send did reach the provider
    assert sending.claim(message.pk, "other", 3) == []  # the lease still holds
    clock.shift(dt.timedelta(seconds=59))
    assert sending.claim(message.pk, "other", 3) == []
    clock.shift(dt.timedelta(seconds=2))
    sending.run(message.pk, gateway=gw, max_wait=0.02)
    assert first.phone not in gw.received  # looked up, not sent again
    assert sorted(gw.received) == sorted(d.phone for d in Delivery.objects.filter(pk__in=ids[1:]))
    assert set(message.deliveries.values_list("status", flat=True)) == {S.SENT}
    assert sorted(message.deliveries.values_list("reclaims", flat=True)) == [1, 1, 1]


def test_quiet_hours_move_the_start_and_the_due_job_starts_it(
    cast, draft, clock, django_capture_on_commit_callbacks
):
    clock.set(dt.datetime(2027, 6, 15, 21, 0, tzinfo=timezone.get_current_timezone()))
    message = draft(1)
    services.message_send(user=cast.county_user, message=message)
    message.refresh_from_db()
    assert message.status == Message.Status.SCHEDULED
    assert timezone.localtime(message.scheduled_at).strftime("%m-%d %H:%M") == "06-16 08:00"
    clock.set(dt.datetime(2027, 6, 16, 7, 59, tzinfo=timezone.get_current_timezone()))
    assert services.dispatch_due() == {"scheduled_started": 0}
    clock.set(dt.datetime(2027, 6, 16, 8, 0, 1, tzinfo=timezone.get_current_timezone()))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due() == {"scheduled_started": 1}
    message.refresh_from_db()
    assert message.status == Message.Status.DONE
    assert len(ConsoleGateway.sent) == 1


def test_quiet_hours_bounds(cast, draft):
    message = draft(1)
    tz = timezone.get_current_timezone()
    at = lambda h, m: dt.datetime(2027, 6, 15, h, m, tzinfo=tz)  # noqa: E731
    assert services.in_quiet_hours(message, at(21, 0))
    assert services.in_quiet_hours(message, at(7, 59))
    assert not services.in_quiet_hours(message, at(20, 59))
    assert not services.in_quiet_hours(message, at(8, 0))


def test_a_list_with_bad_lines_names_each_and_saves_nothing(cast):
    from fulian.sms.models import SavedList

    with pytest.raises(ValidationError) as err:
        services.saved_list_create(
            user=cast.county_user, unit=cast.county, name="x", entries="甲,1390000\n乙,13900000002\n丙"
        )
    assert len(err.value.message_dict["entries"]) == 2
    problems = err.value.message_dict["entries"]
    assert problems[0].startswith("第1行")
    assert problems[1].startswith("第3行")
    assert not SavedList.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "at", "quiet"),
    [
        ("21:00", "08:00", "20:59", False),
        ("21:00", "08:00", "21:00", True),
        ("21:00", "08:00", "07:59", True),
        ("21:00", "08:00", "08:00", False),
        ("12:00", "14:00", "11:59", False),  # a window inside one day
        ("12:00", "14:00", "12:00", True),
        ("12:00", "14:00", "14:00", False),
        ("08:00", "08:00", "08:00", False),  # start = end: no quiet hours
    ],
)
def test_quiet_hours_at_their_edges(start, end, at, quiet):
    message = Message(quiet_start=dt.time.fromisoformat(start), quiet_end=dt.time.fromisoformat(end))
    moment = timezone.make_aware(dt.datetime.combine(dt.date(2027, 6, 15), dt.time.fromisoformat(at)))
    assert services.in_quiet_hours(message, moment) is quiet
    allowed = services.first_allowed(message, moment)
    assert (allowed == moment) is not quiet
    if quiet:
        assert timezone.localtime(allowed).strftime("%H:%M") == end
