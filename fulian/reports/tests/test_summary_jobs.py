"""A county's summary generated in the background: the timeout of a dead worker, cancel, retry, and one
change-history entry naming the generation, the user and the paragraphs it wrote."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fulian.audit.bulk import bulk_writes_covering
from fulian.core import figures as figures_module
from fulian.core.periods import Period
from fulian.reports.models import SummaryDraft, SummaryParagraph, SummaryStatus
from fulian.reports.services import summary_create, summary_generate_in_background, summary_regenerate

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_source(monkeypatch):
    def figures(*, user, unit, start, end, group_by_child=False):
        if group_by_child:
            return {c.pk: {"aid.persons": 5} for c in type(unit).objects.get_children(unit)}
        return {"aid.persons": 150}

    meta = {"aid.persons": ("救助人数", "人", "count")}
    monkeypatch.setattr(figures_module, "_SOURCES", {"aid": figures_module.Source("aid", figures, meta)})


@pytest.fixture
def queued_draft(cast, one_source, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        draft = summary_create(user=cast.county_user, unit=cast.county, period=Period.year(2026))
    assert (draft.status, draft.heartbeat_at) == (SummaryStatus.PENDING, None)
    return draft


def test_a_generation_whose_worker_died_fails_after_the_timeout_and_can_be_retried(
    cast, login, queued_draft, settings
):
    settings.FULIAN = {**settings.FULIAN, "JOB_TIMEOUT_SECONDS": 600}
    client = login(cast.county_user)
    url = reverse("reports:summary_detail", args=[queued_draft.pk])
    assert "正在排队等待后台处理" in client.get(url).content.decode()
    # the worker took it up and stopped beating 11 minutes ago
    SummaryDraft.objects.filter(pk=queued_draft.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=11)
    )
    page = client.get(url).content.decode()
    draft = SummaryDraft.objects.get(pk=queued_draft.pk)
    assert draft.status == SummaryStatus.FAILED
    assert draft.error.startswith("后台处理中断：超过 10 分钟没有进展")
    assert "请点“重新生成”再试一次" in page
    client.post(reverse("reports:summary_retry", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.progress, draft.error) == (SummaryStatus.PENDING, 0, "")
    summary_generate_in_background(draft_id=draft.pk, user_id=cast.county_user.pk, keep_edits=True)
    draft.refresh_from_db()
    assert (draft.status, draft.progress, draft.heartbeat_at) == (SummaryStatus.READY, 100, None)
    assert draft.paragraphs.filter(key="opening").exists()


def test_a_queued_generation_can_be_cancelled_and_then_writes_nothing(cast, login, queued_draft):
    client = login(cast.county_user)
    client.post(reverse("reports:summary_cancel", args=[queued_draft.pk]))
    summary_generate_in_background(draft_id=queued_draft.pk, user_id=cast.county_user.pk, keep_edits=True)
    draft = SummaryDraft.objects.get(pk=queued_draft.pk)
    assert (draft.status, draft.paragraphs.count()) == (SummaryStatus.CANCELLED, 0)
    response = client.post(reverse("reports:summary_cancel", args=[draft.pk]), follow=True)
    assert "不在生成中，不能取消" in response.content.decode()


def test_cancel_and_retry_four_ways(cast, login, queued_draft):
    urls = [
        reverse(f"reports:{name}", args=[queued_draft.pk]) for name in ("summary_cancel", "summary_retry")
    ]
    for url in urls:
        response = Client().post(url)
        assert response.status_code == 302
        assert "login" in response.url
        assert login(cast.chair_a).post(url).status_code == 404  # a town chair: the county is outside
        assert login(cast.volunteer_a1).post(url).status_code == 403
    response = login(cast.county_user).post(reverse("reports:summary_cancel", args=[queued_draft.pk]))
    assert response.status_code == 302
    assert SummaryDraft.objects.get(pk=queued_draft.pk).status == SummaryStatus.CANCELLED


def test_a_generation_writes_one_history_entry_naming_the_paragraphs(cast, one_source):
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026), background=False)
    summary_regenerate(user=cast.chair_a, draft=draft, keep_edits=True)
    entries = list(LogEntry.objects.filter(additional_data__bulk=True).order_by("id"))
    assert len(entries) == 2  # the first generation, then the regeneration
    entry = entries[-1]
    assert entry.actor == cast.chair_a
    assert entry.object_repr.startswith(f"生成工作总结：{draft.title}（写入 ")
    assert entry.changes["保留修改"] == [None, "是"]
    for paragraph in SummaryParagraph.objects.filter(draft=draft):
        assert bulk_writes_covering(paragraph)[0] == entry
