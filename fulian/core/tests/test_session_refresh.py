"""The idle timeout (SESSION_COOKIE_AGE) is renewed at most once every SESSION_REFRESH_SECONDS, not on every
request: a page view within the minute writes nothing to the session table, a page view after it renews the
timeout, a session left idle past the timeout ends, and a visitor who has not signed in stores no session."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
HOME = "/"


def _expiry(client) -> dt.datetime:
    return Session.objects.get(pk=client.session.session_key).expire_date


def _session_writes(client, url=HOME) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return [q for q in sql if "django_session" in q and not q.lstrip().startswith("SELECT")]


def test_the_settings():
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert "fulian.core.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE
    at = settings.MIDDLEWARE.index
    assert (
        at("fulian.core.middleware.SessionRefreshMiddleware")
        == at("django.contrib.sessions.middleware.SessionMiddleware") + 1
    )


def test_renewed_once_a_minute_not_on_every_page_view(cast, login, clock):
    clock.set(START, tick=False)
    client = login(cast.chair_a)
    assert _session_writes(client)  # the first page view marks the session as refreshed
    first = _expiry(client)
    assert first == START + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    clock.shift(dt.timedelta(seconds=59))
    assert _session_writes(client) == []  # 59 s later: no write
    assert _expiry(client) == first

    clock.shift(dt.timedelta(seconds=1))
    assert _session_writes(client)  # 60 s after the last renewal: renewed
    assert _expiry(client) == START + dt.timedelta(seconds=60 + settings.SESSION_COOKIE_AGE)


def test_an_active_user_stays_signed_in_past_the_timeout_and_an_idle_one_does_not(cast, login, clock):
    clock.set(START, tick=False)
    client = login(cast.chair_a)
    for _ in range(2 * settings.SESSION_COOKIE_AGE // 1800):  # a page every half hour, twice the timeout
        clock.shift(dt.timedelta(minutes=30))
        assert client.get(HOME).status_code == 200

    clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 61))  # idle, just inside the timeout
    assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))  # idle past it
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_visitor_who_has_not_signed_in_stores_no_session(client):
    before = Session.objects.count()
    assert client.get(reverse("accounts:login")).status_code == 200
    assert Session.objects.count() == before
