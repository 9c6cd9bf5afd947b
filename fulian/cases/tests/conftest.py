from types import SimpleNamespace

import pytest

from .factories import make_bodies, make_case


@pytest.fixture
def cw(cast):
    """The cast plus referral bodies and one red-risk case of town A, assigned to caseworker_a."""
    from fulian.cases import services

    bodies = make_bodies(cast)
    case = make_case(cast)
    services.case_assess(user=cast.caseworker_a, case=case, answers={"weapon": True})
    case.refresh_from_db()
    return SimpleNamespace(cast=cast, bodies=bodies, case=case)


@pytest.fixture
def hidden_from(cast):
    """Everyone from whom a town-A case must be hidden (issue 6, "Must show")."""
    return {
        "town staff without assignment": cast.staff_a,
        "village chair of the same village": cast.vchair_a1,
        "volunteer": cast.volunteer_a1,
        "county user": cast.county_user,
        "outsider": cast.chair_b,
        "assessor": cast.assessor_a,
        "committee member": cast.member_a1,
        "admin": cast.admin,
        "nobody": cast.nobody,
    }


class FrozenClock:
    """`django.utils.timezone.now` pinned to a settable instant (services, models and selectors read it)."""

    def __init__(self, start):
        self.now = start

    def set(self, when):
        self.now = when

    def past_real_time(self):
        """Jump past the wall clock: rows whose timestamps ignore the frozen clock (the change history
        of django-auditlog) then sort older than what the pages show now."""
        import datetime

        self.now = max(self.now, datetime.datetime.now(datetime.timezone.utc)) + datetime.timedelta(hours=1)
        return self.now

    def advance(self, **delta):
        import datetime

        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    import datetime

    from django.utils import timezone

    c = FrozenClock(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_current_timezone()))
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c
