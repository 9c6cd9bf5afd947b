"""Fault injection in the other multi-row writes (imports: core/spreadsheets/tests/test_write_fault.py): a
database error part-way through leaves nothing written and, where there is a job, a job that says so.

- a summary generated in the background whose write fails after the paragraphs were written;
- merging two people whose moving of links fails after every link was moved;
- publishing a 公示 whose status change fails on the n-th listed application.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from fulian.aid import services as aid
from fulian.aid.models import Application, Notice
from fulian.aid.tests.factories import make_person, make_programme
from fulian.core.periods import Period
from fulian.people import services as people
from fulian.people.models import Person
from fulian.reports import services as reports
from fulian.reports.models import SummaryDraft, SummaryParagraph, SummaryStatus


def boom(*args, **kwargs):
    raise DatabaseError("injected: the connection dropped")


def test_a_background_summary_whose_write_fails_writes_no_paragraph_and_says_so(
    cast, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        draft = reports.summary_create(
            user=cast.county_user, unit=cast.county, period=Period.year(2027), background=True
        )
    writes = []
    real_bulk_create = SummaryParagraph.objects.bulk_create

    def counted_bulk_create(objs, *args, **kwargs):
        writes.append(len(objs))
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(SummaryParagraph.objects, "bulk_create", counted_bulk_create)
    monkeypatch.setattr(reports, "bulk_write_record", boom)  # the last write, after every paragraph
    with pytest.raises(DatabaseError, match="injected"):
        reports.summary_generate_in_background(
            draft_id=draft.pk, user_id=cast.county_user.pk, keep_edits=True
        )
    assert writes, "the paragraphs were written before the fault"
    assert writes[0] > 0
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.FAILED
    assert draft.error == "生成失败：injected: the connection dropped"
    assert draft.heartbeat_at is None
    assert not SummaryParagraph.objects.filter(draft=draft).exists()

    monkeypatch.undo()
    reports.summary_retry(user=cast.county_user, draft=draft)  # queued (the dummy backend), then run:
    reports.summary_generate_in_background(draft_id=draft.pk, user_id=cast.county_user.pk, keep_edits=True)
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.READY
    assert SummaryParagraph.objects.filter(draft=draft).count() == writes[0]


def test_a_foreground_regeneration_whose_write_fails_keeps_the_previous_paragraphs(cast, monkeypatch):
    draft = reports.summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(2027), background=False
    )
    before = list(draft.paragraphs.order_by("key").values_list("key", "generated_text", "edited_text"))
    assert before
    monkeypatch.setattr(reports, "bulk_write_record", boom)
    with pytest.raises(DatabaseError, match="injected"):
        reports.summary_regenerate(user=cast.county_user, draft=draft, keep_edits=False)
    draft = SummaryDraft.objects.get(pk=draft.pk)
    assert (
        list(draft.paragraphs.order_by("key").values_list("key", "generated_text", "edited_text")) == before
    )


def test_a_merge_that_fails_after_moving_the_links_moves_nothing(cast, monkeypatch):
    programme = make_programme(cast.county_user, cast.county)
    keep = make_person(cast.village_a1, "张晓丽")
    drop = make_person(cast.village_a1, "张晓丽", id_number="511781198005011221")
    app = aid.application_submit(user=cast.vchair_a1, programme=programme, person=drop, amount=500)
    real = people._repoint_foreign_keys

    def moves_then_fails(k, d):
        real(k, d)
        assert Application.objects.get(pk=app.pk).person_id == keep.pk  # really moved
        boom()

    monkeypatch.setattr(people, "_repoint_foreign_keys", moves_then_fails)
    with pytest.raises(DatabaseError, match="injected"):
        people.person_merge(user=cast.chair_a, keep=keep, drop=drop)
    drop = Person.objects.get(pk=drop.pk)
    keep = Person.objects.get(pk=keep.pk)
    assert drop.merged_into_id is None
    assert drop.id_number == "511781198005011221"
    assert drop.id_number_hash != ""
    assert keep.id_number == ""
    assert Application.objects.get(pk=app.pk).person_id == drop.pk


@pytest.mark.parametrize("n", [1, 2, 3])
def test_publishing_a_notice_that_fails_on_the_nth_application_publishes_nothing(cast, monkeypatch, n):
    programme = make_programme(cast.county_user, cast.county)
    apps = []
    for name in ("张晓丽", "李秀英", "王芳"):
        app = aid.application_submit(
            user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1, name), amount=500
        )
        aid.application_review(user=cast.staff_a, application=app)
        aid.application_approve(user=cast.chair_a, application=app)
        apps.append(app)
    notice = aid.notice_create(user=cast.chair_a, programme=programme, unit=cast.town_a, applications=apps)
    saved = []
    real_save = Application.save

    def save(self, *args, **kwargs):
        saved.append(self.pk)
        if len(saved) == n:
            boom()
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Application, "save", save)
    with pytest.raises(DatabaseError, match="injected"):
        aid.notice_publish(user=cast.chair_a, notice=notice)
    monkeypatch.undo()
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.DRAFT
    assert set(Application.objects.values_list("status", flat=True)) == {Application.Status.APPROVED}
