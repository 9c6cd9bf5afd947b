"""An election with a counted round, for tests outside this app (the export walk) and the browser test."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from fulian.orgbuild import services
from fulian.orgbuild.models import Contest, Election, Step
from fulian.people.models import Person

D = datetime.date
NAMES = ["李秀英", "王桂兰", "张玉兰", "刘凤英", "陈秀兰"]


def make_women(village, names=NAMES, group=None) -> list[Person]:
    return [
        Person.objects.create(
            name=n,
            birth_date=D(1980, 5, 1),
            gender="F",
            village=village,
            village_path=village.path,
            group=group,
        )
        for n in names
    ]


def make_election(cast, *, counted: bool = True) -> SimpleNamespace:
    """青龙村's 换届 with its plan, 3 seats for 一组, four 执委 candidates for three seats and, when
    `counted`, the congress's round counted (李秀英, 王桂兰, 张玉兰 elected); an appointment on the roster."""
    user = cast.chair_a
    day = timezone.localdate() - datetime.timedelta(days=90)  # whatever day the suite runs on
    e = services.election_create(
        user=user,
        unit=cast.village_a1,
        kind=Election.Kind.NEW_TERM,
        title="青龙村妇联换届",
        representative_seats=3,
        committee_seats=3,
        vice_chair_seats=1,
    )
    services.step_record(user=user, election=e, kind=Step.Kind.PLAN, done_on=day, place="村委会")
    services.seats_allocate(user=user, election=e, women={cast.group_a1: (40, False)})
    women = make_women(cast.village_a1)
    cands = [
        services.candidate_add(user=user, election=e, contest=Contest.COMMITTEE, person=p) for p in women[:4]
    ]
    rnd = None
    if counted:
        rnd = services.round_open(
            user=user,
            election=e,
            contest=Contest.COMMITTEE,
            held_on=day + datetime.timedelta(days=18),
            entitled=30,
            present=25,
        )
        votes = dict(zip(cands, (24, 20, 18, 3), strict=True))
        services.box_record(user=user, rnd=rnd, name="第1票箱", issued=25, returned=25, void=1, votes=votes)
        services.round_close(user=user, rnd=rnd)
    member = services.post_appoint(
        user=user,
        unit=cast.village_a1,
        person=women[4],
        position="committee",
        term_start=D(2027, 1, 5),
        reason="补选",
    )
    return SimpleNamespace(election=e, candidates=cands, round=rnd, member=member, women=women)
