"""按最新数据重新生成 on the page is drafted by a task worker, as a new draft is: the POST answers with the
progress page at once and queues exactly one job, which (run) writes what the in-request regeneration
writes; a second press while it is queued or running queues nothing; four access checks. The API's
regenerate follows the API's create (a county's queued, 202)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fulian.activities.tests.factories import make_activity
from fulian.core.periods import Period
from fulian.core.tests.pages import post_four_ways
from fulian.reports import services
from fulian.reports.models import SummaryDraft, SummaryStatus

EDIT = "今年，竹峪镇妇联团结带领全镇妇女，较好完成了全年工作任务。现将工作总结如下："


def _url(draft: SummaryDraft) -> str:
    return reverse("reports:summary_regenerate", args=[draft.pk])


def _paragraphs(draft: SummaryDraft) -> list[tuple]:
    rows = draft.paragraphs.order_by("key")
    return list(
        rows.values_list("key", "part", "heading", "order", "generated_text", "edited_text", "is_stale")
    )


@pytest.fixture
def year(cast, clock) -> int:
    clock.set(datetime.date(2027, 4, 1))  # the activities below lie in the past whatever the suite's day
    make_activity(cast.chair_a, cast.town_a, day=datetime.date(2026, 3, 8), participant_count=120)
    return 2026


def _edited_draft(cast, year: int) -> SummaryDraft:
    """A town's draft written the old way (in place), its opening edited by hand."""
    draft = services.summary_create(
        user=cast.chair_a, unit=cast.town_a, period=Period.year(year), background=False
    )
    services.paragraph_edit(user=cast.chair_a, paragraph=draft.paragraphs.get(key="opening"), text=EDIT)
    return draft


@pytest.mark.parametrize("discard", ["", "1"], ids=["keep-edits", "discard-edits"])
def test_the_post_answers_with_the_progress_page_and_its_job_writes_what_the_request_wrote(
    cast, login, year, discard, django_capture_on_commit_callbacks
):
    queued_draft, old_way = _edited_draft(cast, year), _edited_draft(cast, year)
    before = _paragraphs(queued_draft)
    make_activity(cast.chair_a, cast.town_a, title="母亲节活动", type_code="mothers_day",
                  day=datetime.date(year, 5, 10), participant_count=30)  # fmt: skip
    c = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        resp = c.post(_url(queued_draft), {"discard_edits": discard})
    assert resp["Location"] == reverse("reports:summary_detail", args=[queued_draft.pk])
    queued_draft.refresh_from_db()
    assert (queued_draft.status, queued_draft.progress, len(queued)) == (SummaryStatus.PENDING, 0, 1)
    assert _paragraphs(queued_draft) == before  # nothing drafted in the request
    page = c.get(resp["Location"]).content.decode()
    assert "正在后台汇总台账数据" in page
    assert 'data-testid="summary-title"' not in page

    queued[0]()  # the task worker's turn (the suite's immediate backend)
    services.summary_regenerate(user=cast.chair_a, draft=old_way, keep_edits=not discard)  # the old way
    queued_draft.refresh_from_db()
    done = (queued_draft.status, queued_draft.progress, queued_draft.heartbeat_at)
    assert done == (SummaryStatus.READY, 100, None)
    after = _paragraphs(queued_draft)
    assert after == _paragraphs(old_way)
    assert after != before
    overview = queued_draft.paragraphs.get(key="activities.overview").generated_text
    assert "参与群众" in overview
    assert "150" in overview  # 120 + 30: the new record is in
    assert queued_draft.paragraphs.get(key="opening").edited_text == (None if discard else EDIT)
    assert 'data-testid="summary-title"' in c.get(resp["Location"]).content.decode()


def test_a_second_press_while_it_is_queued_or_running_queues_nothing(
    cast, login, year, django_capture_on_commit_callbacks
):
    draft = _edited_draft(cast, year)
    c = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        c.post(_url(draft))
        again = c.post(_url(draft), follow=True)  # queued
        SummaryDraft.objects.filter(pk=draft.pk).update(heartbeat_at=timezone.now(), progress=40)
        running = c.post(_url(draft), {"discard_edits": "1"}, follow=True)  # taken up by a worker
    assert len(queued) == 1
    for page in (again, running):
        assert "该总结正在生成中，请等生成完成后再重新生成。" in page.content.decode()
        assert page.redirect_chain[-1][0] == reverse("reports:summary_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.status, draft.progress) == (SummaryStatus.PENDING, 40)  # the running job is left alone
    assert draft.paragraphs.get(key="opening").edited_text == EDIT


def test_after_it_is_done_the_draft_can_be_regenerated_again(
    cast, login, year, django_capture_on_commit_callbacks
):
    draft = _edited_draft(cast, year)
    c = login(cast.chair_a)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            c.post(_url(draft))
        draft.refresh_from_db()
        assert (len(queued), draft.status) == (1, SummaryStatus.READY)


def test_regenerate_four_ways(cast, login, year, django_capture_on_commit_callbacks):
    draft = _edited_draft(cast, year)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        post_four_ways(
            login, _url(draft), {}, works_as=cast.chair_a, outsider=cast.chair_b, wrong_role=cast.volunteer_a1
        )
    assert len(queued) == 1  # the right user's press only
    assert SummaryDraft.objects.get(pk=draft.pk).status == SummaryStatus.PENDING


API = "/api/v1/reports/summaries"


def test_the_apis_regenerate_of_a_county_summary_reports_status_and_progress_as_create_does(
    cast, api_client, year, django_capture_on_commit_callbacks
):
    draft = services.summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    api_client.force_authenticate(cast.county_user)
    url = f"{API}/{draft.pk}/"
    with django_capture_on_commit_callbacks(execute=True) as queued:
        answer = api_client.post(url + "regenerate/", {"keep_edits": False}, format="json")
        assert answer.status_code == 202
        assert (answer.json()["status"], answer.json()["progress"]) == ("pending", 0)
        assert api_client.post(url + "regenerate/", {}, format="json").status_code == 400  # no duplicate
    assert len(queued) == 1
    ready = api_client.get(url).json()
    assert (ready["status"], ready["progress"], ready["error"]) == ("ready", 100, "")
    assert ready["paragraphs"]
