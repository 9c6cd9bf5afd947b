"""The reminders task run by the real task worker process (`manage.py db_worker`;
fulian/core/tests/realworker.py): a follow-up visit due tomorrow gets its reminder row."""

from __future__ import annotations

import datetime

import pytest

from fulian.cases import services
from fulian.cases.models import CaseReminder
from fulian.cases.tasks import write_case_reminders
from fulian.core.tests.realworker import machine_now, wait_for


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_writes_the_reminders(worker, clock, cast):
    from .factories import make_bodies, make_case

    clock.set(machine_now())  # the worker runs on the machine's clock, not the suite's
    make_bodies(cast)
    case = make_case(cast)
    today = machine_now().astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    services.followup_record(
        user=cast.caseworker_a,
        case=case,
        visited_on=today - datetime.timedelta(days=7),
        method="phone",
        note="电话回访",
        next_visit_on=today + datetime.timedelta(days=1),
    )
    write_case_reminders.enqueue()
    worker.start()
    reminder = wait_for("the reminder row", lambda: CaseReminder.objects.filter(case=case).first())
    assert reminder.kind == "followup_due"
