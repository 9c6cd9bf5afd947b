"""Protection orders: the court decides within 72 hours (24 if urgent); an order lasts at most six months.
Deadlines and expiry produce reminders, checked here against a frozen clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from fulian.cases import services
from fulian.cases.models import CaseReminder, ProtectionMeasure
from fulian.cases.selectors import reminders_for


def _apply(cw, clock, *, urgent=False):
    return services.order_apply(
        user=cw.cast.caseworker_a,
        case=cw.case,
        body=cw.bodies["court"],
        applicant=ProtectionMeasure.Applicant.FEDERATION,
        applied_at=clock.now,
        urgent=urgent,
    )


def _kinds(user, clock):
    return [i.kind for i in reminders_for(user=user, now=clock.now)]


def test_court_must_decide_within_72_hours(clock, cw):
    applied = clock.now
    order = _apply(cw, clock)
    assert order.decision_due_at == applied + datetime.timedelta(hours=72)
    worker = cw.cast.caseworker_a
    clock.advance(hours=59)
    assert _kinds(worker, clock) == []
    clock.advance(hours=2)  # 61 h: within the 12-hour notice
    assert _kinds(worker, clock) == ["order_decision_due"]
    assert _kinds(cw.cast.chair_a, clock) == ["order_decision_due"]
    clock.advance(hours=12)  # 73 h
    assert _kinds(worker, clock) == ["order_decision_overdue"]
    assert _kinds(cw.cast.vchair_a1, clock) == []  # never to those the case is hidden from


def test_urgent_application_must_be_decided_within_24_hours(clock, cw):
    applied = clock.now
    order = _apply(cw, clock, urgent=True)
    assert order.decision_due_at == applied + datetime.timedelta(hours=24)
    clock.advance(hours=11)
    assert _kinds(cw.cast.caseworker_a, clock) == []
    clock.advance(hours=2)
    assert _kinds(cw.cast.caseworker_a, clock) == ["order_decision_due"]
    clock.advance(hours=12)  # 25 h
    assert _kinds(cw.cast.caseworker_a, clock) == ["order_decision_overdue"]


def test_a_decision_clears_the_deadline(clock, cw):
    order = _apply(cw, clock)
    clock.advance(hours=30)
    services.order_decide(
        user=cw.cast.caseworker_a,
        measure=order,
        decision="granted",
        decided_at=clock.now,
        valid_from=clock.now.date(),
        valid_until=datetime.date(2026, 8, 1),
    )
    clock.advance(hours=50)
    assert _kinds(cw.cast.caseworker_a, clock) == []


def test_an_order_lasts_at_most_six_months(clock, cw):
    order = _apply(cw, clock)
    start = datetime.date(2026, 3, 2)
    with pytest.raises(ValidationError) as exc:
        services.order_decide(
            user=cw.cast.caseworker_a,
            measure=order,
            decision="granted",
            decided_at=clock.now,
            valid_from=start,
            valid_until=datetime.date(2026, 9, 2),
        )
    assert "六个月" in exc.value.message_dict["valid_until"][0]
    assert "2026-09-01" in exc.value.message_dict["valid_until"][0]
    order.refresh_from_db()
    assert order.decision == "pending"
    assert order.valid_until is None
    services.order_decide(
        user=cw.cast.caseworker_a,
        measure=order,
        decision="granted",
        decided_at=clock.now,
        valid_from=start,
        valid_until=datetime.date(2026, 9, 1),
    )
    order.refresh_from_db()
    assert order.valid_until == datetime.date(2026, 9, 1)


def test_six_months_from_the_end_of_august_ends_in_february(clock, cw):
    assert ProtectionMeasure.latest_end(datetime.date(2026, 8, 31)) == datetime.date(2027, 2, 27)


def test_expiry_produces_reminders(clock, cw):
    order = _apply(cw, clock)
    services.order_decide(
        user=cw.cast.caseworker_a,
        measure=order,
        decision="granted",
        decided_at=clock.now,
        valid_from=datetime.date(2026, 3, 2),
        valid_until=datetime.date(2026, 9, 1),
    )
    clock.set(clock.now.replace(month=8, day=17))  # 15 days before the end
    assert _kinds(cw.cast.caseworker_a, clock) == []
    clock.advance(days=1)
    assert _kinds(cw.cast.caseworker_a, clock) == ["order_expiring"]
    clock.set(clock.now.replace(month=9, day=2))
    assert _kinds(cw.cast.caseworker_a, clock) == ["order_expired"]


def test_decision_dated_before_its_application_is_refused_and_nothing_saved(clock, cw):
    order = _apply(cw, clock)
    with pytest.raises(ValidationError) as exc:
        services.order_decide(
            user=cw.cast.caseworker_a,
            measure=order,
            decision="rejected",
            decided_at=clock.now - datetime.timedelta(hours=1),
        )
    assert exc.value.message_dict["decided_at"] == ["裁定时间不能早于申请时间"]
    order.refresh_from_db()
    assert (order.decision, order.decided_at) == ("pending", None)


def test_decision_before_application_through_the_page_shows_the_message(clock, cw, login):
    order = _apply(cw, clock)
    client = login(cw.cast.caseworker_a)
    response = client.post(
        reverse("cases:order_decide", args=[cw.case.pk, order.pk]),
        {"decision": "rejected", "decided_at": "2026-03-01T08:00"},
        follow=True,
    )
    assert "裁定时间：裁定时间不能早于申请时间" in response.content.decode()
    order.refresh_from_db()
    assert order.decision == "pending"


def test_an_order_needs_a_court_and_a_warning_the_police(clock, cw):
    with pytest.raises(ValidationError) as exc:
        services.order_apply(
            user=cw.cast.caseworker_a,
            case=cw.case,
            body=cw.bodies["police"],
            applicant="victim",
            applied_at=clock.now,
        )
    assert "法院" in exc.value.message_dict["body"][0]
    with pytest.raises(ValidationError, match="告诫书应由公安机关出具"):
        services.warning_record(
            user=cw.cast.caseworker_a, case=cw.case, body=cw.bodies["court"], issued_on=clock.now.date()
        )
    assert not ProtectionMeasure.objects.exists()


def test_follow_up_reminders(clock, cw):
    services.followup_record(
        user=cw.cast.caseworker_a,
        case=cw.case,
        visited_on=datetime.date(2026, 3, 2),
        method="phone",
        note="情绪稳定",
        next_visit_on=datetime.date(2026, 3, 16),
    )
    clock.set(clock.now.replace(day=12))
    assert _kinds(cw.cast.caseworker_a, clock) == []
    clock.set(clock.now.replace(day=13))
    assert _kinds(cw.cast.caseworker_a, clock) == ["followup_due"]
    clock.set(clock.now.replace(day=17))
    assert _kinds(cw.cast.caseworker_a, clock) == ["followup_overdue"]


def test_command_writes_one_reminder_row_per_deadline(clock, cw):
    order = _apply(cw, clock, urgent=True)
    clock.advance(hours=25)
    call_command("write_case_reminders")
    call_command("write_case_reminders")  # idempotent
    row = CaseReminder.objects.get()
    assert (row.kind, row.case, row.due_at) == ("order_decision_overdue", cw.case, order.decision_due_at)


def test_command_accepts_a_given_time(clock, cw):
    _apply(cw, clock)
    call_command("write_case_reminders", now="2026-03-05T10:00")
    assert CaseReminder.objects.get().kind == "order_decision_overdue"


def test_task_writes_reminders(clock, cw):
    from fulian.cases.tasks import write_case_reminders

    _apply(cw, clock)
    clock.advance(hours=70)
    result = write_case_reminders.enqueue()
    assert result.return_value == 1
    assert CaseReminder.objects.get().kind == "order_decision_due"


def test_reminders_and_red_flag_on_the_home_page(clock, cw, login):
    _apply(cw, clock)
    clock.past_real_time()
    worker_home = login(cw.cast.caseworker_a).get(reverse("core:home")).content.decode()
    assert "保护令裁定已超期" in worker_home
    assert cw.case.number in worker_home
    chair_home = login(cw.cast.chair_a).get(reverse("core:home")).content.decode()
    assert "红色风险维权案件" in chair_home
    assert "保护令裁定已超期" in chair_home
