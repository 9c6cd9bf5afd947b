"""Work plan progress, the statistics/summary API, the dashboard, and county summaries in the background."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fulian.core import figures as figures_module
from fulian.core.periods import Period
from fulian.reports.models import PlanItem, SummaryDraft, SummaryStatus
from fulian.reports.selectors import plan_progress
from fulian.reports.services import summary_create


@pytest.fixture
def one_source(monkeypatch):
    def figures(*, user, unit, start, end, group_by_child=False):
        if group_by_child:
            return {c.pk: {"aid.persons": 5} for c in type(unit).objects.get_children(unit)}
        return {"aid.persons": 150}

    meta = {"aid.persons": ("救助人数", "人", "count")}
    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", figures, meta)})


def test_plan_progress_marks_items_behind(cast, one_source):
    PlanItem.objects.create(
        unit=cast.town_a, year=2026, title="救助贫困母亲", metric_key="aid.persons", target=Decimal(200)
    )
    PlanItem.objects.create(
        unit=cast.town_a,
        year=2026,
        title="少于目标即可",
        metric_key="aid.persons",
        comparator="lte",
        target=Decimal(200),
    )
    rows = plan_progress(user=cast.chair_a, unit=cast.town_a, year=2026)
    assert [(r["item"].title, r["status"], r["percent"]) for r in rows] == [
        ("救助贫困母亲", "behind", 75),
        ("少于目标即可", "done", 75),
    ]


def test_plan_page_four_ways_and_behind_filter(cast, login, client, one_source):
    PlanItem.objects.create(
        unit=cast.town_a, year=2026, title="救助贫困母亲", metric_key="aid.persons", target=Decimal(200)
    )
    url = reverse("reports:plan") + f"?unit={cast.town_a.pk}&year=2026&behind=1"
    assert client.get(url).status_code == 302
    resp = login(cast.chair_a).get(url)
    assert resp.status_code == 200
    assert "救助贫困母亲" in resp.content.decode()
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403


def test_plan_item_add_validates_and_needs_the_right_role(cast, login, one_source):
    url = reverse("reports:plan_item_add", args=[cast.town_a.pk, 2026])
    c = login(cast.chair_a)
    c.post(url, {"title": "开展两癌筛查", "metric_key": "aid.persons", "comparator": "gte", "target": ""})
    assert not PlanItem.objects.exists()  # a metric without a target is refused
    c.post(url, {"title": "开展两癌筛查", "metric_key": "aid.persons", "comparator": "gte", "target": "3000"})
    assert PlanItem.objects.get().target == Decimal(3000)
    assert login(cast.vchair_a1).post(url, {"title": "x", "comparator": "gte"}).status_code == 403
    assert login(cast.chair_b).post(url, {"title": "x", "comparator": "gte"}).status_code == 404


def test_stats_api_four_ways(cast, api_client, one_source):
    url = "/api/v1/reports/stats/?unit={}&kind=year&year=2026"
    assert api_client.get(url.format(cast.town_a.pk)).status_code == 401
    api_client.force_authenticate(cast.chair_a)
    data = api_client.get(url.format(cast.town_a.pk)).json()
    assert data["figures"] == {"aid.persons": 150}
    assert {c["name"]: c["figures"]["aid.persons"] for c in data["children"]} == {"青龙村": 5, "红旗村": 5}
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url.format(cast.town_a.pk)).status_code == 404
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.get(url.format(cast.town_a.pk)).status_code == 403


def test_summary_api_create_and_read(cast, api_client, one_source):
    api_client.force_authenticate(cast.chair_a)
    resp = api_client.post(
        "/api/v1/reports/summaries/", {"unit": cast.town_a.pk, "year": 2026}, format="json"
    )
    assert resp.status_code == 201
    detail = api_client.get(f"/api/v1/reports/summaries/{resp.json()['id']}/").json()
    assert detail["title"] == "竹峪镇妇联2026年度工作总结"
    assert detail["paragraphs"][0]["key"] == "opening"
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(f"/api/v1/reports/summaries/{resp.json()['id']}/").status_code == 404
    assert api_client.get("/api/v1/reports/summaries/").json()["count"] == 0


def test_dashboard_charts_drill_down_and_access(cast, login, client, one_source):
    url = reverse("reports:dashboard") + f"?unit={cast.town_a.pk}&kind=year&year=2026"
    assert client.get(url).status_code == 302
    body = login(cast.chair_a).get(url).content.decode()
    assert 'id="fl-charts"' in body
    assert "青龙村" in body
    assert "echarts.min.js" in body
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403


def test_county_summary_runs_in_background_with_progress(
    cast, login, one_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draft = summary_create(user=cast.county_user, unit=cast.county, period=Period.year(2026))
    assert draft.status == SummaryStatus.PENDING
    c = login(cast.county_user)
    assert "正在后台汇总" in c.get(reverse("reports:summary_detail", args=[draft.pk])).content.decode()
    for callback in callbacks:
        callback()
    draft = SummaryDraft.objects.get(pk=draft.pk)
    assert draft.status == SummaryStatus.READY
    assert draft.progress == 100
    status = c.get(reverse("reports:summary_status", args=[draft.pk]))
    assert status["HX-Refresh"] == "true"
    assert draft.paragraphs.filter(key="opening").exists()
