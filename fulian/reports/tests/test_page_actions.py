"""The report pages that change data, each with its four access checks and its effect: a plan item edited
and deleted (and the plan's progress with it), a summary's header saved, a summary regenerated from the
records (a new payment shows in the figures it is written from)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fulian.core.periods import Period
from fulian.core.tests.pages import post_four_ways
from fulian.reports import services
from fulian.reports.models import PlanItem, SummaryDraft


@pytest.fixture
def item(cast):
    return PlanItem.objects.create(
        unit=cast.town_a,
        year=2027,
        title="救助贫困母亲",
        metric_key="aid.persons",
        comparator="gte",
        target=10,
    )


def test_a_plan_item_edited_and_deleted(cast, login, item):
    url = f"/reports/plan/{cast.town_a.pk}/2027/{item.pk}/"
    data = {"title": "救助贫困母亲", "metric_key": "aid.persons", "comparator": "gte", "target": "20"}
    post_four_ways(login, url, data, works_as=cast.chair_a, outsider=cast.chair_b, wrong_role=cast.vchair_a1)
    item.refresh_from_db()
    assert item.target == Decimal(20)
    url = f"/reports/plan/items/{item.pk}/delete/"
    post_four_ways(login, url, {}, works_as=cast.chair_a, outsider=cast.chair_b, wrong_role=cast.vchair_a1)
    assert not PlanItem.objects.filter(pk=item.pk).exists()


@pytest.fixture
def draft(cast):
    return services.summary_create(
        user=cast.chair_a, unit=cast.town_a, period=Period.year(2027), background=False
    )


def test_a_summarys_header_saved(cast, login, draft):
    url = f"/reports/summaries/{draft.pk}/header/"
    data = {"title": "竹峪镇妇联2027年工作总结", "signature": "竹峪镇妇联", "signed_on": "2027-12-20"}
    post_four_ways(
        login, url, data, works_as=cast.chair_a, outsider=cast.chair_b, wrong_role=cast.volunteer_a1
    )
    draft.refresh_from_db()
    assert (draft.title, str(draft.signed_on)) == ("竹峪镇妇联2027年工作总结", "2027-12-20")


def test_a_summary_regenerated_from_the_records(
    cast, login, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from fulian.reports.summary import generator

    seen = []
    real = generator.SummaryContext
    monkeypatch.setattr(generator, "SummaryContext", lambda **kw: seen.append(real(**kw)) or seen[-1])
    from fulian.aid import services as aid
    from fulian.aid.tests.factories import make_person, make_programme, noticed

    programme = make_programme(cast.county_user, cast.county)
    app = aid.application_submit(user=cast.vchair_a1, programme=programme,
                                 person=make_person(cast.village_a1), amount=800)  # fmt: skip
    aid.disbursement_create(user=cast.chair_a, application=noticed(cast, app), amount=800)
    url = f"/reports/summaries/{draft.pk}/regenerate/"
    with django_capture_on_commit_callbacks(execute=True):  # the task worker drafts it: run here
        post_four_ways(
            login, url, {}, works_as=cast.chair_a, outsider=cast.chair_b, wrong_role=cast.volunteer_a1
        )
    assert (seen[-1].figures["aid.persons"], seen[-1].figures["aid.count"]) == (1, 1)
    assert SummaryDraft.objects.get(pk=draft.pk).generated_at >= draft.generated_at
