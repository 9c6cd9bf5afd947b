"""Every page a demo login can reach reads as Chinese: no English words where labels belong, no Python
`None`, no money without separators, no server error, no link that leads nowhere.

The demo is loaded once for this module (one test walks every login: loading it takes most of the time),
on a fixed day with the clock set to it. The walk follows every link from the home page, at most two
addresses per URL name, so it covers each kind of page without reading every one of a thousand records.
"""

import datetime

import pytest
from django.utils import timezone

from fulian.accounts.models import User
from fulian.core.tests.walk import english_words, read_page, walk
from fulian.orgs.services.demo import demo_load, demo_logins

DEMO_DAY = datetime.date(2026, 6, 15)
NOW = datetime.datetime(2026, 6, 15, 10, 30, tzinfo=datetime.timezone.utc)


def test_the_reader_finds_what_it_is_meant_to():
    html = """<html><body><label>Confirm similar</label><p>700000.00 元</p><td>None</td>
    <td>WQ2026000001</td><td translate="no">town_chair</td><p>导出 Excel</p><p>2024.12</p>
    <td>87,000.00</td><p>API</p><script>var a = "English";</script></body></html>"""
    problems, _ = read_page("/x/", html)
    assert sorted((p.kind, p.text) for p in problems) == [
        ("None", "None"),
        ("英文", "Confirm similar"),
        ("金额未格式化", "700000.00 元"),
    ]
    assert english_words("cross check pair") == ["cross", "check", "pair"]
    assert english_words("C-ED-01 http://x/y PDF") == []


@pytest.mark.django_db
def test_every_page_every_demo_login_reaches_reads_in_chinese(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    assert demo_load(today=DEMO_DAY, log=lambda _: None) is not None
    logins = [row[0] for row in demo_logins()]
    assert len(logins) >= 10  # every role of the README's table
    problems, visited = [], 0
    for username in logins:
        client.force_login(User.objects.get(username=username))
        result = walk(client, per_view=2)
        visited += len(result.visited)
        problems += [f"{username} {p}" for p in result.problems]
        assert len(result.visited) > 3, f"{username} reaches almost nothing"
    assert visited > 500
    assert problems == []
