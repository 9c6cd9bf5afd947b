"""Cases past a handling deadline (cases.past_deadline): hand-worked examples on both sides of each
deadline, its records, the small-count rule, and the summary's 存在的问题 (written only when non-zero).

The deadlines are the reminders' (docs/cases.md): a follow-up planned for a day is in time on that day and
missed the day after; a protection-order decision is missed from its due moment. The period's end is the
moment they are looked at (now, while the period runs)."""

from __future__ import annotations

import datetime

from fulian.cases import selectors, services
from fulian.cases.models import FollowUp
from fulian.core.figures import records
from fulian.core.periods import Period
from fulian.reports.services import summary_create

from .factories import make_bodies, make_case, make_person

CN = datetime.timezone(datetime.timedelta(hours=8))


def at(y, m, d, h=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, h, tzinfo=CN)


def followed_up(cast, case, *, on: datetime.date, next_on: datetime.date) -> FollowUp:
    return services.followup_record(
        user=cast.caseworker_a,
        case=case,
        visited_on=on,
        method="phone",
        note="电话回访",
        next_visit_on=next_on,
    )


def late(cast, year: int, *, user=None) -> object:
    f = selectors.figures(
        user=user or cast.chair_a,
        unit=cast.town_a,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
    )
    return f["cases.past_deadline"]


def test_a_followup_is_in_time_on_its_planned_day_and_past_it_the_day_after(cast, clock):
    clock.set(at(2027, 5, 2))
    case = make_case(cast, received_at=at(2027, 5, 1))
    followed_up(cast, case, on=datetime.date(2027, 5, 2), next_on=datetime.date(2027, 6, 15))
    clock.set(at(2027, 6, 15))  # the planned day itself
    assert late(cast, 2027) == 0
    clock.set(at(2027, 6, 16))  # the day after
    assert late(cast, 2027) == 1


def test_a_later_followup_or_closing_the_case_ends_the_lateness(cast, clock):
    clock.set(at(2027, 3, 2))
    case = make_case(cast, received_at=at(2027, 3, 1))
    followed_up(cast, case, on=datetime.date(2027, 3, 2), next_on=datetime.date(2027, 4, 1))
    clock.set(at(2027, 4, 5))
    assert late(cast, 2027) == 1
    followed_up(cast, case, on=datetime.date(2027, 4, 5), next_on=datetime.date(2027, 7, 1))
    assert late(cast, 2027) == 0
    clock.set(at(2027, 7, 2))
    assert late(cast, 2027) == 1
    services.case_close(user=cast.caseworker_a, case=case, outcome="mediated", satisfaction="satisfied")
    assert late(cast, 2027) == 0


def test_an_order_decision_is_past_its_deadline_from_the_due_moment_until_decided(cast, clock):
    bodies = make_bodies(cast)
    clock.set(at(2027, 2, 1, 9))
    case = make_case(cast, received_at=at(2027, 2, 1, 8))
    measure = services.order_apply(
        user=cast.caseworker_a,
        case=case,
        body=bodies["court"],
        applicant="federation",
        applied_at=at(2027, 2, 1, 9),
        urgent=True,
    )
    assert measure.decision_due_at == at(2027, 2, 2, 9)  # 24 hours
    clock.set(at(2027, 2, 2, 8))
    assert late(cast, 2027) == 0  # an hour before the court's deadline
    clock.set(at(2027, 2, 2, 9))
    assert late(cast, 2027) == 1  # at the deadline, undecided
    clock.set(at(2027, 2, 3, 9))
    services.order_decide(
        user=cast.caseworker_a, measure=measure, decision="rejected", decided_at=at(2027, 2, 3, 9)
    )
    assert late(cast, 2027) == 0


def test_a_past_year_is_judged_at_its_end(cast, clock):
    """Looked at from the next year: a follow-up planned for 31 December was missed when the year ended
    (its last day had passed); one planned for 1 January was not yet due; one visited later does not
    undo the lateness the year ended with."""
    clock.set(at(2026, 12, 1))
    due_last_day = make_case(cast, received_at=at(2026, 12, 1))
    due_next_day = make_case(
        cast, received_at=at(2026, 12, 1), person=make_person(cast.village_a1, name="张桂英")
    )
    followed_up(cast, due_last_day, on=datetime.date(2026, 12, 1), next_on=datetime.date(2026, 12, 31))
    followed_up(cast, due_next_day, on=datetime.date(2026, 12, 1), next_on=datetime.date(2027, 1, 1))
    clock.set(at(2027, 1, 10))
    followed_up(cast, due_last_day, on=datetime.date(2027, 1, 10), next_on=datetime.date(2027, 3, 1))
    assert late(cast, 2026) == 1
    assert late(cast, 2027) == 1  # the one planned for 1 January, not visited by 10 January
    trace = records(
        "cases.past_deadline",
        user=cast.chair_a,
        unit=cast.town_a,
        period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    )
    assert [r.pk for r in trace.parts[0].rows] == [due_last_day.pk]


def test_the_count_is_suppressed_for_a_reader_not_assigned_to_the_cases(cast, clock):
    clock.set(at(2027, 5, 2))
    case = make_case(cast, received_at=at(2027, 5, 1))
    followed_up(cast, case, on=datetime.date(2027, 5, 2), next_on=datetime.date(2027, 5, 10))
    clock.set(at(2027, 6, 1))
    assert late(cast, 2027, user=cast.chair_a) == 1  # the handling town's chair opens every case
    assert late(cast, 2027, user=cast.county_user) == "不足5"
    trace = records(
        "cases.past_deadline",
        user=cast.county_user,
        unit=cast.town_a,
        period=Period(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
    )
    assert trace is not None
    assert list(trace.parts[0].rows) == []
    assert trace.hidden == 1


def _problems(cast, year):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(year))
    return draft.paragraphs.get(key="cases.open").generated_text


def test_the_summary_names_cases_past_deadline_only_when_there_are_some(cast, clock):
    clock.set(at(2027, 5, 2))
    cases = [
        make_case(cast, received_at=at(2027, 5, 1), person=make_person(cast.village_a1, name=n))
        for n in "甲乙丙丁戊"
    ]
    for c in cases:
        followed_up(cast, c, on=datetime.date(2027, 5, 2), next_on=datetime.date(2027, 6, 1))
    clock.set(at(2027, 6, 1))  # the planned day itself: nothing is late
    text = _problems(cast, 2027)
    assert "[[cases.open_at_end|5件]]" in text
    assert "时限" not in text
    assert "past_deadline" not in text
    clock.set(at(2027, 6, 2))
    text = _problems(cast, 2027)
    assert "其中[[cases.past_deadline|5件]]已超过办理时限" in text
