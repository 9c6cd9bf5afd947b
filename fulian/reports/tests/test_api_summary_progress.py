"""A summary created through the API reports its status and progress until it is ready, with the suite's
task backend (immediate) and with a queue nobody works (dummy); cancel and retry; four checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fulian.core import figures as figures_module
from fulian.core.periods import Period
from fulian.reports.models import SummaryDraft, SummaryStatus
from fulian.reports.services import summary_create

API = "/api/v1/reports/summaries"


@pytest.fixture
def one_source(monkeypatch):
    def figures(*, user, unit, start, end, group_by_child=False):
        if group_by_child:
            return {c.pk: {"aid.persons": 5} for c in type(unit).objects.get_children(unit)}
        return {"aid.persons": 150}

    meta = {"aid.persons": ("救助人数", "人", "count")}
    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", figures, meta)})


def test_a_county_summary_is_pending_then_ready_with_the_suites_task_backend(
    cast, one_source, api_client, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(cast.county_user)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(f"{API}/", {"unit": cast.county.pk, "year": 2026}, format="json")
        assert created.status_code == 202
        body = created.json()
        assert (body["status"], body["progress"], body["paragraphs"]) == ("pending", 0, [])
    ready = api_client.get(f"{API}/{body['id']}/").json()
    assert (ready["status"], ready["progress"], ready["error"]) == ("ready", 100, "")
    assert any("150" in p["text"] for p in ready["paragraphs"])


def test_a_queued_summary_shows_its_progress_and_can_be_cancelled_and_retried(
    cast, one_source, api_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    api_client.force_authenticate(cast.county_user)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(f"{API}/", {"unit": cast.county.pk, "year": 2026}, format="json")
    url = f"{API}/{created.json()['id']}/"
    SummaryDraft.objects.filter(pk=created.json()["id"]).update(progress=40, heartbeat_at=timezone.now())
    running = api_client.get(url).json()
    assert (running["status"], running["progress"]) == ("pending", 40)
    assert api_client.post(url + "retry/").status_code == 400  # still running
    cancelled = api_client.post(url + "cancel/")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert "已取消" in cancelled.json()["error"]
    retried = api_client.post(url + "retry/")
    assert (retried.status_code, retried.json()["status"], retried.json()["progress"]) == (202, "pending", 0)


def test_a_generation_whose_worker_died_reads_as_failed(cast, one_source, api_client, settings, clock):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    draft = summary_create(user=cast.county_user, unit=cast.county, period=Period.year(2026), background=True)
    SummaryDraft.objects.filter(pk=draft.pk).update(heartbeat_at=timezone.now(), progress=30)
    clock.shift(timedelta(hours=2))
    api_client.force_authenticate(cast.county_user)
    stale = api_client.get(f"{API}/{draft.pk}/").json()
    assert stale["status"] == SummaryStatus.FAILED
    assert stale["error"]


def test_summary_steps_four_ways(cast, one_source, api_client):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    url = f"{API}/{draft.pk}/"
    header = {"title": "总结", "signature": "竹峪镇妇联", "signed_on": "2027-01-10"}
    assert api_client.get(url).status_code == 401
    assert api_client.post(url + "header/", header, format="json").status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).status_code == 404
    assert api_client.post(url + "regenerate/", {}, format="json").status_code == 404
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.get(url).status_code == 403
    assert api_client.post(url + "header/", header, format="json").status_code == 403
    api_client.force_authenticate(cast.chair_a)
    saved = api_client.post(url + "header/", header, format="json")
    assert (saved.status_code, saved.json()["title"], saved.json()["status"]) == (200, "总结", "ready")
    again = api_client.post(url + "regenerate/", {"keep_edits": False}, format="json")
    assert (again.status_code, again.json()["progress"]) == (200, 100)
