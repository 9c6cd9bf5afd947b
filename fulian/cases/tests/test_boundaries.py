"""Both sides of every number in the rights-protection rules, at the minute (docs/domain.md, Protection
orders; fulian/cases/conf.py): the court's 72 h / 24 h, the 12-hour notice before it, the six months of an
order, the 14 days' notice before it ends and the 30 days an ended one stays listed, the 4 hours of
emergency access, the 3 days' notice of a follow-up visit, and the small-count rule's derived figure."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fulian.cases import selectors, services
from fulian.cases.models import ProtectionMeasure, add_months
from fulian.cases.selectors import reminders_for
from fulian.core.scoping import visible

H = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)
D = datetime.date


def kinds(user, now):
    return [i.kind for i in reminders_for(user=user, now=now)]


def apply(cw, clock, urgent=False):
    return services.order_apply(
        user=cw.cast.caseworker_a,
        case=cw.case,
        body=cw.bodies["court"],
        applicant=ProtectionMeasure.Applicant.FEDERATION,
        applied_at=clock.now,
        urgent=urgent,
    )


@pytest.mark.parametrize(
    ("urgent", "after", "expected"),
    [
        (False, 60 * H - MINUTE, []),  # 12 h before the deadline: not yet
        (False, 60 * H, ["order_decision_due"]),
        (False, 72 * H - MINUTE, ["order_decision_due"]),
        (False, 72 * H, ["order_decision_overdue"]),  # the deadline itself is missed
        (False, 72 * H + MINUTE, ["order_decision_overdue"]),
        (True, 12 * H - MINUTE, []),
        (True, 12 * H, ["order_decision_due"]),
        (True, 24 * H - MINUTE, ["order_decision_due"]),
        (True, 24 * H, ["order_decision_overdue"]),
    ],
)
def test_the_courts_deadline_at_the_minute(clock, cw, urgent, after, expected):
    applied = clock.now
    order = apply(cw, clock, urgent=urgent)
    assert order.decision_due_at == applied + (24 if urgent else 72) * H
    assert kinds(cw.cast.caseworker_a, applied + after) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 2), 6, D(2026, 9, 2)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),  # clamped to the month's last day
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # a leap year
        (D(2026, 7, 1), 6, D(2027, 1, 1)),  # across the year
        (D(2026, 12, 31), 1, D(2027, 1, 31)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 5, 31), 4, D(2026, 9, 30)),  # 30-day month
        (D(2026, 6, 15), 0, D(2026, 6, 15)),
        (D(2026, 6, 15), 12, D(2027, 6, 15)),
        (D(2026, 6, 15), 18, D(2027, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("valid_from", "last_day"),
    [(D(2026, 3, 2), D(2026, 9, 1)), (D(2026, 8, 31), D(2027, 2, 27)), (D(2026, 1, 1), D(2026, 6, 30))],
)
def test_an_order_runs_six_months_to_the_day_and_not_a_day_more(clock, cw, valid_from, last_day):
    assert ProtectionMeasure.latest_end(valid_from) == last_day
    order = apply(cw, clock)
    decided = clock.now + H
    clock.set(decided)
    with pytest.raises(ValidationError, match=f"有效期不超过六个月，最晚至{last_day:%Y-%m-%d}"):
        services.order_decide(
            user=cw.cast.caseworker_a,
            measure=order,
            decision=ProtectionMeasure.Decision.GRANTED,
            decided_at=decided,
            valid_from=valid_from,
            valid_until=last_day + datetime.timedelta(days=1),
        )
    order.refresh_from_db()
    assert order.decision == ProtectionMeasure.Decision.PENDING
    services.order_decide(
        user=cw.cast.caseworker_a,
        measure=order,
        decision=ProtectionMeasure.Decision.GRANTED,
        decided_at=decided,
        valid_from=valid_from,
        valid_until=last_day,
    )
    order.refresh_from_db()
    assert order.valid_until == last_day


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(15, []), (14, ["order_expiring"]), (0, ["order_expiring"]), (-1, ["order_expired"]),
     (-30, ["order_expired"]), (-31, [])],
)  # fmt: skip
def test_an_ending_order_is_listed_from_14_days_before_until_30_days_after(clock, cw, days_left, expected):
    order = apply(cw, clock)
    decided = clock.now + H
    clock.set(decided)
    today = decided.date()
    valid_until = today + datetime.timedelta(days=days_left)
    valid_from = min(today, valid_until)
    services.order_decide(
        user=cw.cast.caseworker_a,
        measure=order,
        decision=ProtectionMeasure.Decision.GRANTED,
        decided_at=decided,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    assert kinds(cw.cast.caseworker_a, decided) == expected


@pytest.mark.parametrize(
    ("after", "open_"), [(4 * H - MINUTE, True), (4 * H, False), (4 * H + MINUTE, False)]
)
def test_emergency_access_lasts_four_hours_to_the_minute(clock, cw, after, open_):
    from fulian.cases.models import Case

    officer = cw.cast.staff_a  # an officer of the handling town, not assigned to the case
    start = clock.now
    grant = services.break_glass(user=officer, number=cw.case.number, reason="紧急情况需要调阅", now=start)
    assert grant.expires_at == start + 4 * H
    clock.set(start + after)
    assert visible(officer, Case, "cases.view").filter(pk=cw.case.pk).exists() is open_


@pytest.mark.parametrize(("days_ahead", "expected"), [(4, []), (3, ["followup_due"]), (0, ["followup_due"]),
                                                      (-1, ["followup_overdue"])])  # fmt: skip
def test_a_planned_follow_up_is_due_three_days_ahead(clock, cw, days_ahead, expected):
    today = clock.now.date()
    services.followup_record(
        user=cw.cast.caseworker_a,
        case=cw.case,
        visited_on=today - datetime.timedelta(days=10),
        method="phone",
        note="电话回访",
        next_visit_on=today + datetime.timedelta(days=days_ahead),
    )
    assert kinds(cw.cast.caseworker_a, clock.now) == expected


@pytest.mark.parametrize(("closed", "avg_shown"), [(0, False), (4, False), (5, True), (6, True)])
def test_the_average_days_to_close_shows_from_five_closed_cases(closed, avg_shown):
    values = {"cases.closed": closed, "cases.days_to_close.avg": 12.5, "cases.cases": 9}
    out = selectors.suppress(values)
    assert out["cases.days_to_close.avg"] == (12.5 if avg_shown else None)
    assert out["cases.closed"] == (closed if closed in (0, 5, 6) else "不足5")
    assert out["cases.cases"] == 9


@pytest.mark.parametrize(
    ("below", "value", "shown"), [(3, 2, "不足3"), (3, 3, 3), (10, 9, "不足10"), (10, 10, 10)]
)
def test_the_threshold_is_a_setting(settings, below, value, shown):
    settings.FULIAN = {**settings.FULIAN, "CASES_SUPPRESS_BELOW": below}
    assert selectors.small_count(value) == shown
    assert selectors.small_count(True) is True  # a flag is not a count


def measure(cw, kind, body, **fields):
    return ProtectionMeasure(case=cw.case, kind=kind, body=cw.bodies[body], **fields)


WARN, ORDER = ProtectionMeasure.Kind.WARNING, ProtectionMeasure.Kind.ORDER
FED = ProtectionMeasure.Applicant.FEDERATION
GRANTED = ProtectionMeasure.Decision.GRANTED


@pytest.mark.parametrize(
    ("kind", "body", "fields", "errors"),
    [
        (
            WARN,
            "court",
            {},
            {"body": ["告诫书应由公安机关出具，请选择公安单位"], "issued_on": ["请填写告诫书出具日期"]},
        ),
        (WARN, "police", {"issued_on": 1}, {"issued_on": ["出具日期不能晚于今天"]}),
        (WARN, "police", {"issued_on": 0}, {}),
        (
            ORDER,
            "police",
            {},
            {
                "body": ["人身安全保护令由人民法院裁定，请选择法院"],
                "applicant": ["请选择申请人"],
                "applied_at": ["请填写申请时间"],
            },
        ),
        (ORDER, "court", {"applicant": FED, "applied_at": 6}, {"applied_at": ["申请时间不能晚于现在"]}),
        (ORDER, "court", {"applicant": FED, "applied_at": 5}, {}),
        (
            ORDER,
            "court",
            {"applicant": FED, "applied_at": 0, "decided_at": -1},
            {"decided_at": ["裁定时间不能早于申请时间"]},
        ),
        (
            ORDER,
            "court",
            {"applicant": FED, "applied_at": 0, "decided_at": 6},
            {"decided_at": ["裁定时间不能晚于现在"]},
        ),
        (
            ORDER,
            "court",
            {"applicant": FED, "applied_at": 0, "decision": GRANTED},
            {"decided_at": ["请填写裁定时间"], "valid_until": ["准予保护令时请填写生效日期和有效期"]},
        ),
        (
            ORDER,
            "court",
            {"applicant": FED, "applied_at": 0, "decided_at": 0, "decision": GRANTED, "valid_from": 0},
            {"valid_until": ["准予保护令时请填写生效日期和有效期"]},
        ),
        (
            ORDER,
            "court",
            {
                "applicant": FED,
                "applied_at": 0,
                "decided_at": 0,
                "decision": GRANTED,
                "valid_from": 1,
                "valid_until": 0,
            },
            {"valid_until": ["有效期不能早于生效日期"]},
        ),
        (
            ORDER,
            "court",
            {
                "applicant": FED,
                "applied_at": 0,
                "decided_at": 0,
                "decision": GRANTED,
                "valid_from": 0,
                "valid_until": 0,
            },
            {},
        ),
    ],
)
def test_each_refusal_of_a_measure_in_exactly_these_words(clock, cw, kind, body, fields, errors):
    """Times are minutes from now, dates days from today."""
    now, today = clock.now, clock.now.date()
    fields = dict(fields)  # the parameters are shared: a second run in one process must see the numbers
    for name in ("applied_at", "decided_at"):
        if name in fields:
            fields[name] = now + fields[name] * MINUTE
    for name in ("issued_on", "valid_from", "valid_until"):
        if name in fields:
            fields[name] = today + datetime.timedelta(days=fields[name])
    m = measure(cw, kind, body, **fields)
    if not errors:
        m.clean()
        return
    with pytest.raises(ValidationError) as excinfo:
        m.clean()
    assert excinfo.value.message_dict == errors


def test_due_items_in_full_and_in_three_queries(clock, cw, django_assert_num_queries):
    """Every field of every item; a later visit supersedes an earlier plan; another case's, a closed
    case's, a rejected order's and a warning's dates are not listed."""
    from fulian.cases.models import Case
    from fulian.cases.selectors import DueItem, due_items

    from .factories import make_case

    start = clock.now
    today = start.date()
    worker = cw.cast.caseworker_a

    def granted(case, valid_until):
        order = services.order_apply(
            user=worker, case=case, body=cw.bodies["court"], applicant=FED, applied_at=start
        )
        services.order_decide(
            user=worker,
            measure=order,
            decision=GRANTED,
            decided_at=start,
            valid_from=today - datetime.timedelta(days=40),
            valid_until=valid_until,
        )
        return order

    expiring = granted(cw.case, today + datetime.timedelta(days=3))
    rejected = services.order_apply(user=worker, case=cw.case, body=cw.bodies["court"], applicant=FED,
                                    applied_at=start)  # fmt: skip
    services.order_decide(user=worker, measure=rejected, decision=ProtectionMeasure.Decision.REJECTED,
                          decided_at=start)  # fmt: skip
    services.warning_record(user=worker, case=cw.case, body=cw.bodies["police"], issued_on=today)
    plan = dict(user=worker, method="phone", note="电话回访")  # noqa: C408
    services.followup_record(case=cw.case, visited_on=today - datetime.timedelta(days=9),
                             next_visit_on=today - datetime.timedelta(days=8), **plan)  # fmt: skip
    later = services.followup_record(case=cw.case, visited_on=today - datetime.timedelta(days=2),
                                     next_visit_on=today - datetime.timedelta(days=1), **plan)  # fmt: skip
    other = make_case(cw.cast)
    granted(other, today - datetime.timedelta(days=2))
    closed = make_case(cw.cast)
    services.followup_record(
        case=closed, visited_on=today - datetime.timedelta(days=3), next_visit_on=today, **plan
    )
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)

    with django_assert_num_queries(3):
        items = due_items(Case.objects.filter(pk=cw.case.pk), now=start)
    end_of = lambda day: datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(),  # noqa: E731
                                                   tzinfo=start.tzinfo)  # fmt: skip
    expected = [
        DueItem(f"followup_overdue:{later.pk}", "followup_overdue", cw.case.pk, cw.case.number,
                end_of(today - datetime.timedelta(days=1)), True),
        DueItem(f"order_expiring:{expiring.pk}", "order_expiring", cw.case.pk, cw.case.number,
                end_of(today + datetime.timedelta(days=3)), False),
    ]  # fmt: skip
    assert sorted(items, key=lambda i: i.key) == sorted(expected, key=lambda i: i.key)
    everything = due_items(Case.objects.all(), now=start)
    assert {i.kind for i in everything if i.case_id == other.pk} == {"order_expired"}
    assert [i.overdue for i in everything if i.case_id == other.pk] == [True]
    assert not [i for i in everything if i.case_id == closed.pk]
