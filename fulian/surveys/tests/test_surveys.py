"""Builder, links (one-use, expiry, sample), answering, results and the satisfaction figure."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulian.assessment import services as assessment_services
from fulian.assessment.tests.factories import make_assessment
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.people.tests.factories import PersonFactory
from fulian.surveys import selectors, services
from fulian.surveys.models import Answer, Link, Question, Response

from .factories import answers, make_questionnaire


@pytest.fixture
def q(cast):
    return make_questionnaire(cast)


def test_choice_question_needs_two_options(cast, q):
    with pytest.raises(ValidationError, match="至少需要两个选项"):
        services.question_add(
            user=cast.chair_a, questionnaire=q, text="性别", kind=Question.Kind.SINGLE, options=["女"]
        )
    assert q.questions.count() == 3


def test_one_use_link_cannot_be_reused(cast, q):
    (link,) = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    services.response_submit(token=link.token, data=answers(q, 5))
    with pytest.raises(services.LinkRefused, match="已使用过"):
        services.response_submit(token=link.token, data=answers(q, 4))
    assert Response.objects.count() == 1


def test_expired_link_is_refused(cast, q):
    (link,) = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    Link.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.LinkRefused, match="过期"):
        services.response_submit(token=link.token, data=answers(q, 5))
    assert not Response.objects.exists()


def test_required_question_unanswered_is_refused_and_nothing_saved(cast, q):
    (link,) = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    with pytest.raises(ValidationError, match="请回答"):
        services.response_submit(token=link.token, data={})
    link.refresh_from_db()
    assert link.used == 0
    assert not Answer.objects.exists()


def test_links_for_a_draw_and_outside_the_sample(cast):
    for _ in range(10):
        PersonFactory(village=cast.village_a1)
        PersonFactory(village=cast.village_a2)
    a = make_assessment(cast)
    q = make_questionnaire(cast, assessment=a)
    draw = assessment_services.draw_create(
        user=cast.chair_a, assessment=a, seed="s", village_count=1, women_ratio=Decimal("0.2")
    )
    links = services.links_for_draw(user=cast.chair_a, questionnaire=q, draw=draw)
    assert len(links) == 2
    assert {link.person_id for link in links} == draw.person_ids()
    services.response_submit(token=links[0].token, data=answers(q, 5))
    r = Response.objects.get()
    assert (r.draw, r.person_id) == (draw, links[0].person_id)
    assessment_services.draw_create(
        user=cast.chair_a, assessment=a, seed="t", village_count=1, supersedes=draw, reason="重抽"
    )
    with pytest.raises(services.LinkRefused, match="不在本次抽样范围"):
        services.response_submit(token=links[1].token, data=answers(q, 5))


def test_satisfaction_per_village_overall_and_as_a_figure(cast, q):
    l1 = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1, count=4)
    l2 = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a2, count=1)
    for link, rating in zip(l1, [5, 4, 4, 2], strict=True):
        services.response_submit(token=link.token, data=answers(q, rating))
    services.response_submit(token=l2[0].token, data=answers(q, 1))
    res = selectors.results(user=cast.chair_a, questionnaire=q)
    assert res.responses == 5
    assert res.satisfaction == Decimal("60.0")
    assert res.by_village == [("青龙村", 4, Decimal("75.0")), ("红旗村", 1, Decimal("0.0"))]
    year = Period.year(timezone.localdate().year)
    assert collect(user=cast.chair_a, unit=cast.town_a, period=year)["surveys.satisfaction"] == Decimal(
        "60.0"
    )
    by_child = collect(user=cast.chair_a, unit=cast.town_a, period=year, group_by_child=True)
    assert by_child[cast.village_a1.pk]["surveys.satisfaction"] == Decimal("75.0")
    assert collect(user=cast.chair_b, unit=cast.town_a, period=year).get("surveys.responses", 0) == 0


def test_builder_refuses_changes_once_answered(cast, q):
    (link,) = services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    services.response_submit(token=link.token, data=answers(q, 5))
    with pytest.raises(ValidationError, match="已有答卷"):
        services.question_add(user=cast.chair_a, questionnaire=q, text="x", kind=Question.Kind.TEXT)
