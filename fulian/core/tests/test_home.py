"""The home page: counts for the user's scope, sub-units as charts and a table, recent activity."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_unit
from fulian.core import dashboard
from fulian.orgs.models import FederationMember, Level, OrgUnit, Position


def _chart(response):
    body = response.content.decode()
    start = body.index('<script id="home-chart-data" type="application/json">') + len(
        '<script id="home-chart-data" type="application/json">'
    )
    return json.loads(body[start : body.index("</script>", start)])


def test_town_chair_sees_counts_and_her_villages(cast, login):
    response = login(cast.chair_a).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    counts = {r["label"]: r["count"] for r in response.context["level_counts"]}
    assert counts == {"乡镇/街道": 1, "村/社区": 2, "村民小组": 1}
    table = body[body.index('data-testid="subunit-table"') :]
    assert "青龙村" in table
    assert "红旗村" in table
    assert "东城社区" not in body
    assert "古东关街道" not in body
    chart = _chart(response)
    assert chart["units"] == ["青龙村", "红旗村"]
    groups = next(s for s in chart["series"] if s["name"] == "村民小组")
    assert groups["data"] == [1, 0]
    assert "vendor/echarts/echarts.min.js" in body


def test_county_user_sees_towns_with_village_counts(cast, login):
    response = login(cast.county_user).get(reverse("core:home"))
    chart = _chart(response)
    assert chart["units"] == ["竹峪镇", "古东关街道"]
    villages = next(s for s in chart["series"] if s["name"] == "村/社区")
    assert villages["data"] == [2, 1]
    assert {"name": "县级", "value": 1} in chart["levels"]


def test_retired_units_are_not_counted(cast, login):
    cast.village_a2.active_until = datetime.date(2020, 1, 1)
    cast.village_a2.save()
    response = login(cast.county_user).get(reverse("core:home"))
    villages = next(s for s in _chart(response)["series"] if s["name"] == "村/社区")
    assert villages["data"] == [1, 1]


def test_user_without_membership_gets_a_friendly_note(cast, login):
    response = login(cast.nobody).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="no-membership"' in body
    assert "联系" in body
    assert "home-chart-data" not in body


def test_volunteer_sees_no_tree_counts(cast, login):
    response = login(cast.volunteer_a1).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="level-counts"' not in body
    assert "青龙村 · 志愿者" in body.replace("\n", "")  # her membership


def test_anonymous_goes_to_login(cast, client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def _add_member(client, unit, name):
    response = client.post(
        reverse("orgs:federation_add", args=[unit.pk]),
        {"name": name, "position": Position.COMMITTEE, "term_start": "2021-05-01"},
        follow=True,  # consume the success message
    )
    assert response.redirect_chain[-1][0] == reverse("orgs:unit", args=[unit.pk])


def test_feed_shows_own_changes_and_for_auditors_changes_in_scope(cast, login):
    _add_member(login(cast.vchair_a1), cast.village_a1, "刘春兰")
    _add_member(login(cast.vchair_b1), cast.village_b1, "何秀英")

    own = login(cast.vchair_a1).get(reverse("core:home")).content.decode()
    assert "刘春兰" in own
    assert "何秀英" not in own

    auditor = login(cast.chair_a).get(reverse("core:home")).content.decode()  # town chair: audit.view
    feed = auditor[auditor.index('data-testid="feed"') :]
    assert "刘春兰" in feed
    assert "张丽" in feed
    assert "何秀英" not in feed  # another town

    member = login(cast.member_a1).get(reverse("core:home")).content.decode()  # no audit.view
    assert "刘春兰" not in member


def test_query_count_is_capped_and_does_not_grow_with_sub_units(cast, login, django_assert_max_num_queries):
    client = login(cast.county_user)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("core:home"))
    before = len(ctx.captured_queries)
    # fixed cost plus one query per registered stat and feed; apps add theirs, so the cap leaves room
    assert before <= 25, [q["sql"][:120] for q in ctx.captured_queries]
    county = OrgUnit.objects.get(pk=cast.county.pk)
    for i in range(8):
        town = make_unit(county, name=f"新镇{i}", level=Level.TOWN, code=f"51178120{i}")
        make_unit(town, name=f"新村{i}", level=Level.VILLAGE, code=f"51178120{i}001")
    FederationMember.objects.create(
        unit=cast.town_a, name="李红", position=Position.CHAIR, term_start=datetime.date(2021, 1, 1)
    )
    with django_assert_max_num_queries(before):
        response = client.get(reverse("core:home"))
    assert len(_chart(response)["units"]) == 10


@pytest.fixture
def extra_stat():
    def per_unit(user, units):
        return {u.pk: len(u.name) for u in units}

    dashboard.register_stat("test.name_length", "名称字数", per_unit, capability="orgs.view", order=99)
    yield
    dashboard._STATS.pop("test.name_length")


def test_apps_can_register_a_stat(cast, login, extra_stat):
    response = login(cast.chair_a).get(reverse("core:home"))
    series = next(s for s in _chart(response)["series"] if s["name"] == "名称字数")
    assert series["data"] == [3, 3]
    assert "名称字数" in response.content.decode()
    # a user whose roles lack the stat's capability does not get it
    assert "名称字数" not in login(cast.volunteer_a1).get(reverse("core:home")).content.decode()


def test_count_by_subunit_counts_in_the_database_per_depth(cast, django_assert_num_queries):
    units = [cast.town_a, cast.town_b, cast.village_a1]  # two depths: two queries
    with django_assert_num_queries(2):
        counts = dashboard.count_by_subunit(OrgUnit.objects.filter(level=Level.GROUP), "path", units)
    assert counts == {cast.town_a.pk: 1, cast.town_b.pk: 0, cast.village_a1.pk: 1}


def test_superuser_without_membership_sees_the_whole_tree(cast, login):
    cast.nobody.is_superuser = True
    cast.nobody.save()
    response = login(cast.nobody).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="no-membership"' not in body
    assert _chart(response)["units"] == ["达州市"]  # the children of the root (四川省)


def test_pinned_feed_items_come_first_whatever_their_age(monkeypatch):
    import datetime as dt

    from fulian.core import dashboard

    t0 = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    old_pin = dashboard.FeedItem(when=t0, who="镇妇联", text="未读通知：旧", pinned=True)
    new_pin = dashboard.FeedItem(
        when=t0 + dt.timedelta(days=1), who="镇妇联", text="未读通知：新", pinned=True
    )
    recent = [
        dashboard.FeedItem(when=t0 + dt.timedelta(days=10 + i), who="张丽", text=f"修改{i}")
        for i in range(12)
    ]
    monkeypatch.setattr(
        dashboard, "_FEEDS", [lambda user, limit: recent, lambda user, limit: [old_pin, new_pin]]
    )
    items = dashboard.feed_for(object(), limit=5)
    assert items[:2] == [new_pin, old_pin]
    assert [i.text for i in items[2:]] == ["修改11", "修改10", "修改9"]  # the rest, newest first
