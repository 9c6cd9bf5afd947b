"""Records behind the honours API's documented examples (fulian/core/tests/test_api_examples.py)."""

import datetime

from django.utils import timezone

from fulian.core.tests.api_examples import Call
from fulian.honours import services, services_creation
from fulian.honours.models import HonourLevel

from .factories import kind, make_campaign, make_person

API = "/api/v1/honours"


def _approved(cast):
    campaign = make_campaign(cast, "三八红旗手", year=timezone.localdate().year)
    n = services.nomination_submit(
        user=cast.chair_a,
        campaign=campaign,
        nominated_by=cast.town_a,
        person=make_person(cast.village_a1),
        deeds="带头致富",
    )
    return services.nomination_review(user=cast.county_user, nomination=n, approve=True)


def _notice(cast, *, days_ago=0):
    n = _approved(cast)
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    notice = services.notice_create(
        user=cast.county_user, campaign=n.campaign, unit=cast.county, nominations=[n], start_date=start
    )
    return services.notice_publish(user=cast.county_user, notice=notice)


def campaign_create(cast):
    return Call(cast.county_user, body={"kind": kind("三八红旗手").pk, "unit": cast.county.pk})


def quotas(cast):
    return Call(cast.county_user, path={"id": make_campaign(cast).pk}, body={"unit": cast.town_a.pk})


def award(cast):
    notice = _notice(cast, days_ago=10)
    return Call(
        cast.county_user,
        path={"id": notice.campaign_id},
        body={"awarded_on": timezone.localdate().isoformat()},
    )


def nominate(cast):
    campaign = make_campaign(cast, "三八红旗手", year=timezone.localdate().year)
    return Call(
        cast.chair_a,
        body={
            "campaign": campaign.pk,
            "nominated_by": cast.town_a.pk,
            "person": make_person(cast.village_a1).pk,
        },
    )


def review(cast):
    campaign = make_campaign(cast, "三八红旗手", year=timezone.localdate().year)
    n = services.nomination_submit(
        user=cast.chair_a,
        campaign=campaign,
        nominated_by=cast.town_a,
        person=make_person(cast.village_a1),
        deeds="x",
    )
    return Call(cast.county_user, path={"id": n.pk})


def notice_create(cast):
    n = _approved(cast)
    return Call(
        cast.county_user, body={"campaign": n.campaign_id, "unit": cast.county.pk, "nominations": [n.pk]}
    )


def objection_add(cast):
    return Call(cast.county_user, path={"id": _notice(cast).pk})


def objection_resolve(cast):
    objection = services.objection_record(user=cast.county_user, notice=_notice(cast), content="请核实")
    return Call(cast.county_user, path={"id": objection.pk})


def award_record(cast):
    return Call(
        cast.county_user,
        body={"kind": kind("巾帼示范村").pk, "unit": cast.county.pk, "village": cast.village_a1.pk},
    )


def creation_apply(cast):
    return Call(
        cast.vchair_a1,
        body={
            "kind": kind("巾帼示范村").pk,
            "unit": cast.village_a1.pk,
            "village": cast.village_a1.pk,
            "supervisor": cast.county.pk,
        },
    )


def creation_step(cast):
    creation = services_creation.creation_apply(
        user=cast.vchair_a1,
        kind=kind("巾帼示范村"),
        level=HonourLevel.CITY,
        unit=cast.village_a1,
        village=cast.village_a1,
        supervisor=cast.county,
        applied_on=timezone.localdate().replace(month=1, day=1),
    )
    return Call(cast.county_user, path={"id": creation.pk})


def family_planning_add(cast):
    return Call(cast.chair_a, body={"person": make_person(cast.village_a1).pk})


SETUPS = {
    ("post", f"{API}/campaigns/"): campaign_create,
    ("post", f"{API}/campaigns/{{id}}/quotas/"): quotas,
    ("post", f"{API}/campaigns/{{id}}/award/"): award,
    ("post", f"{API}/nominations/"): nominate,
    ("post", f"{API}/nominations/{{id}}/review/"): review,
    ("post", f"{API}/notices/"): notice_create,
    ("post", f"{API}/notices/{{id}}/objections/"): objection_add,
    ("post", f"{API}/objections/{{id}}/resolve/"): objection_resolve,
    ("post", f"{API}/awards/"): award_record,
    ("post", f"{API}/creations/"): creation_apply,
    ("post", f"{API}/creations/{{id}}/step/"): creation_step,
    ("post", f"{API}/family-planning/"): family_planning_add,
}
