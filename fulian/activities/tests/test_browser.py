"""Browser: the activity calendar on a 375-px phone shows the month as a day-by-day agenda."""

import datetime

import pytest

from .factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_on_a_phone_lists_the_days_with_activities(cast, browser, live_server, phone_context_args):
    from fulian.activities.models import ActivityType

    if not ActivityType.objects.filter(code="sanba").exists():  # transactional tests flush migration data
        ActivityType.objects.create(code="sanba", name="三八节")
    make_activity(cast.vchair_a1, cast.village_a1, title="青龙村三八节游园", day=datetime.date(2026, 3, 8))
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.chair_a.username)
    page.fill("#id_password", cast.password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/activities/calendar/?month=2026-03")
    agenda = page.get_by_test_id("calendar-agenda")
    assert agenda.is_visible()
    assert "3月8日" in agenda.inner_text()
    assert "青龙村三八节游园" in agenda.inner_text()
    assert not page.locator("table.fl-calendar").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()
