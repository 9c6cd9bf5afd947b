"""The reminders list item by item (every field, soonest first) and with the notice periods set otherwise;
the small-count rule's derived figure when the closed count is itself hidden or missing."""

from __future__ import annotations

import datetime

import pytest

from fulian.cases import selectors, services
from fulian.cases.models import Case, ProtectionMeasure
from fulian.cases.selectors import DueItem, due_items

H = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
FED = ProtectionMeasure.Applicant.FEDERATION


def _apply(cw, at, urgent=False):
    return services.order_apply(user=cw.cast.caseworker_a, case=cw.case, body=cw.bodies["court"],
                                applicant=FED, applied_at=at, urgent=urgent)  # fmt: skip


def _items(cw, now):
    return due_items(Case.objects.filter(pk=cw.case.pk), now=now)


def _end_of(day, tz):
    return datetime.datetime.combine(day + DAY, datetime.time(), tzinfo=tz)


def test_a_pending_order_s_item_in_full_before_and_after_its_deadline(clock, cw):
    applied = clock.now
    order = _apply(cw, applied)
    due = applied + 72 * H
    number = cw.case.number
    assert _items(cw, due - H) == [
        DueItem(f"order_decision_due:{order.pk}", "order_decision_due", cw.case.pk, number, due, False)
    ]
    assert _items(cw, due) == [
        DueItem(f"order_decision_overdue:{order.pk}", "order_decision_overdue", cw.case.pk, number, due, True)
    ]


def test_items_come_soonest_first(clock, cw, django_assert_num_queries):
    start = clock.now
    today = start.date()
    worker = cw.cast.caseworker_a
    visit = services.followup_record(user=worker, case=cw.case, visited_on=today - 5 * DAY, method="phone",
                                     note="电话回访", next_visit_on=today - DAY)  # fmt: skip
    urgent = _apply(cw, start - 20 * H, urgent=True)  # due in 4 hours
    granted = _apply(cw, start - 2 * H)
    services.order_decide(user=worker, measure=granted, decision=ProtectionMeasure.Decision.GRANTED,
                          decided_at=start - H, valid_from=today - DAY, valid_until=today + DAY)  # fmt: skip
    with django_assert_num_queries(3):  # one per kind of deadline, each with its case
        items = _items(cw, start)  # found orders first, visits last: listed by when they are due
    assert [(i.key, i.due_at) for i in items] == [
        (f"followup_overdue:{visit.pk}", _end_of(today - DAY, start.tzinfo)),  # midnight this morning
        (f"order_decision_due:{urgent.pk}", start + 4 * H),
        (f"order_expiring:{granted.pk}", _end_of(today + DAY, start.tzinfo)),
    ]
    assert [i.overdue for i in items] == [True, False, False]
    assert [i.label for i in items] == ["回访已逾期", "保护令裁定期限将至", "保护令即将到期"]


def test_the_list_is_for_the_time_asked_not_the_clock(clock, cw):
    """`write_case_reminders --at`: the days count from the time given."""
    start = clock.now
    today = start.date()
    services.followup_record(user=cw.cast.caseworker_a, case=cw.case, visited_on=today - 5 * DAY,
                             method="phone", note="电话回访", next_visit_on=today + 10 * DAY)  # fmt: skip
    assert _items(cw, start) == []
    assert [i.kind for i in _items(cw, start + 7 * DAY)] == ["followup_due"]  # 3 days ahead of the 7th
    assert [i.kind for i in _items(cw, start + 11 * DAY)] == ["followup_overdue"]


@pytest.mark.parametrize(("hours", "listed"), [(3, False), (4, True)])
def test_the_decision_notice_is_a_setting(settings, clock, cw, hours, listed):
    """Notice set to 4 h: an urgent order due in 4 h is listed; set to 3 h, not yet."""
    settings.FULIAN = {**settings.FULIAN, "CASES_ORDER_DECISION_NOTICE_HOURS": hours}
    _apply(cw, clock.now - 20 * H, urgent=True)
    assert [i.kind for i in _items(cw, clock.now)] == (["order_decision_due"] if listed else [])


@pytest.mark.parametrize(("days", "listed"), [(4, False), (5, True)])
def test_the_expiry_and_follow_up_notices_are_settings(settings, clock, cw, days, listed):
    settings.FULIAN = {
        **settings.FULIAN,
        "CASES_ORDER_EXPIRY_NOTICE_DAYS": days,
        "CASES_FOLLOWUP_NOTICE_DAYS": days,
    }
    start = clock.now
    today = start.date()
    worker = cw.cast.caseworker_a
    services.followup_record(user=worker, case=cw.case, visited_on=today - 5 * DAY, method="phone",
                             note="电话回访", next_visit_on=today + 5 * DAY)  # fmt: skip
    order = _apply(cw, start - 2 * H)
    services.order_decide(user=worker, measure=order, decision=ProtectionMeasure.Decision.GRANTED,
                          decided_at=start - H, valid_from=today, valid_until=today + 5 * DAY)  # fmt: skip
    expected = ["order_expiring", "followup_due"] if listed else []
    assert [i.kind for i in _items(cw, start)] == expected


@pytest.mark.parametrize(
    ("closed", "avg"),
    [("不足5", None), (None, None), (4, None), (5, 12.5), (True, None), (5.0, None)],
)
def test_the_average_needs_an_exact_closed_count_of_five(closed, avg):
    """A closed count that is hidden, missing or not a whole number never lets the average show."""
    values = {"cases.closed": closed, "cases.days_to_close.avg": 12.5}
    assert selectors.suppress(values)["cases.days_to_close.avg"] == avg


def test_without_an_average_none_is_added_and_counts_go_through_the_rule():
    assert selectors.suppress({"cases.cases": 3, "cases.closed": 0}) == {
        "cases.cases": "不足5",
        "cases.closed": 0,
    }


@pytest.mark.parametrize(("below", "closed", "avg"), [(3, 2, None), (3, 3, 7.0)])
def test_the_average_follows_the_threshold_setting(settings, below, closed, avg):
    settings.FULIAN = {**settings.FULIAN, "CASES_SUPPRESS_BELOW": below}
    out = selectors.suppress({"cases.closed": closed, "cases.days_to_close.avg": 7.0})
    assert out == {"cases.closed": closed if avg else "不足3", "cases.days_to_close.avg": avg}
