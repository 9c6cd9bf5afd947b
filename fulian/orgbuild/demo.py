"""Demo organisation building for 万源市 (called by `manage.py load_demo`): one village's 改建 (会改联)
with its whole history — plan, branch committee, 32 seats shared among its 村民小组, groups choosing their
representatives, filing, the congress electing 执委, the first committee meeting electing the chair and
vice-chairs, the new roster replacing the old one — and one town's 换届 under way (seats shared among its
villages, candidates listed); post adjustments, cadre training and places this year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fulian.care.demo import demo_people
from fulian.orgs.models import FederationMember, Position
from fulian.orgs.services.demo import TOWN_A, TOWN_B, short_name

from . import selectors, services
from .models import CadreTraining, Contest, Election, Place, Step
from .rules import candidates_needed, count_ballots


def _vote(ctx, user, election, contest, cands, *, group=None, day, entitled):
    """Paper ballots, counted by the rules: each voter marks each of the first candidates (as many as the
    seats) nine times in ten and each of the others one time in ten (a ballot with too many marks is void).
    A seat left unfilled goes to a further round among those still standing."""
    from .services.voting import contest_seats

    rng = ctx.rng
    for _ in range(3):
        standing = [c for c in cands if c.outcome == "pending"]
        if not standing or contest_seats(election, contest, group) <= 0:
            return
        present = entitled - rng.randrange(0, max(1, entitled // 10))
        rnd = services.round_open(
            user=user,
            election=election,
            contest=contest,
            group=group,
            held_on=day,
            entitled=entitled,
            present=present,
        )
        winners, others = standing[: rnd.seats], standing[rnd.seats :]
        ballots = [
            {c for c in winners if rng.random() < 0.9} | {c for c in others if rng.random() < 0.1}
            for _ in range(present)
        ]
        count = count_ballots(ballots, rnd.seats)
        votes = {c: count.votes.get(c, 0) for c in standing}
        services.box_record(
            user=user, rnd=rnd, name="第1票箱", issued=present, returned=present, void=count.void, votes=votes
        )
        services.round_close(user=user, rnd=rnd)
        for c in cands:
            c.refresh_from_db()


def _restructure(ctx, user) -> None:
    village = ctx.villages_of(ctx.unit(TOWN_A))[4]  # the village of 竹峪镇 with six 村民小组
    day0 = ctx.today - dt.timedelta(days=60)
    e = services.election_create(
        user=user,
        unit=village,
        kind=Election.Kind.RESTRUCTURE,
        title=f"{short_name(village)}妇代会改建妇联",
        representative_seats=32,
        committee_seats=11,
        vice_chair_seats=2,
    )
    place = f"{short_name(village)}村委会会议室"

    def step(kind, days, attendance, where=place):
        services.step_record(
            user=user,
            election=e,
            kind=kind,
            done_on=day0 + dt.timedelta(days=days),
            place=where,
            attendance=attendance,
        )

    step(Step.Kind.PLAN, 0, 9)
    step(Step.Kind.BRANCH, 3, 5)
    units = list(selectors.seat_units(election=e))
    women = {u: (ctx.rng.randrange(40, 130), False) for u in units}  # the registry is incomplete: entered
    services.seats_allocate(user=user, election=e, women=women)
    step(Step.Kind.SEATS, 6, len(units) + 3, "社长会")
    reps = []
    for share in e.shares.select_related("group"):
        people = demo_people(ctx, village, candidates_needed(share.seats, e.ratio_percent), ages=(25, 60))
        cands = [
            services.candidate_add(
                user=user, election=e, contest=Contest.REPRESENTATIVE, person=p, group=share.group
            )
            for p in people
        ]
        day = day0 + dt.timedelta(days=7)
        _vote(ctx, user, e, Contest.REPRESENTATIVE, cands, group=share.group, day=day, entitled=share.women)
        reps += [c.person for c in cands if c.outcome == "elected"]
    step(Step.Kind.NOMINATE, 7, sum(n for n, _ in women.values()) // 2)
    step(Step.Kind.FILED, 9, 2, f"{ctx.unit(TOWN_A).name}妇联")
    congress = day0 + dt.timedelta(days=20)
    needed = candidates_needed(e.committee_seats, e.ratio_percent)
    committee = [
        services.candidate_add(user=user, election=e, contest=Contest.COMMITTEE, person=p)
        for p in reps[:needed]
    ]
    _vote(ctx, user, e, Contest.COMMITTEE, committee, day=congress, entitled=32)
    step(Step.Kind.CONGRESS, 20, 30)
    elected = [c.person for c in committee if c.outcome == "elected"]
    chair = [services.candidate_add(user=user, election=e, contest=Contest.CHAIR, person=elected[0])]
    _vote(ctx, user, e, Contest.CHAIR, chair, day=congress, entitled=e.committee_seats)
    vices = [
        services.candidate_add(user=user, election=e, contest=Contest.VICE_CHAIR, person=p, full_time=i == 0)
        for i, p in enumerate(elected[1:3])
    ]
    _vote(ctx, user, e, Contest.VICE_CHAIR, vices, day=congress, entitled=e.committee_seats)
    step(Step.Kind.FIRST_MEETING, 20, e.committee_seats)
    services.election_apply(user=user, election=e)


def _new_term(ctx, user) -> None:
    town = ctx.unit(TOWN_B)
    day0 = ctx.today - dt.timedelta(days=20)
    e = services.election_create(
        user=user,
        unit=town,
        kind=Election.Kind.NEW_TERM,
        title=f"{town.name}妇联第二次换届",
        representative_seats=max(60, len(ctx.villages_of(town)) + 20),
        committee_seats=25,
        vice_chair_seats=3,
    )
    services.step_record(
        user=user, election=e, kind=Step.Kind.PLAN, done_on=day0, place=f"{town.name}会议室", attendance=7
    )
    services.step_record(
        user=user, election=e, kind=Step.Kind.BRANCH, done_on=day0 + dt.timedelta(days=2), attendance=9
    )
    units = list(selectors.seat_units(election=e))
    counted = selectors.registry_women(election=e)
    women = {
        u: (counted[u.pk], True) if counted[u.pk] else (ctx.rng.randrange(300, 900), False) for u in units
    }
    services.seats_allocate(user=user, election=e, women=women)
    services.step_record(
        user=user,
        election=e,
        kind=Step.Kind.SEATS,
        done_on=day0 + dt.timedelta(days=5),
        attendance=len(units),
    )
    share = e.shares.select_related("group").first()
    for p in demo_people(ctx, share.group, share.seats, ages=(28, 55)):
        services.candidate_add(
            user=user, election=e, contest=Contest.REPRESENTATIVE, person=p, group=share.group
        )


def _cadres(ctx, user) -> None:
    rng, today = ctx.rng, ctx.today
    town = ctx.unit(TOWN_A)
    year = dt.date(today.year, 1, 1)
    villages = ctx.villages_of(town)
    for v in villages[6:9]:  # mid-term changes: a vice-chair leaves, another is appointed
        old = FederationMember.objects.filter(
            unit=v, position=Position.COMMITTEE, term_end__gte=today
        ).first()
        day = year + dt.timedelta(days=rng.randrange(0, max(1, (today - year).days)))
        if old is not None and old.term_start < day:
            services.post_remove(user=user, member=old, removed_on=day, reason="外出务工，辞去执委职务")
        person = demo_people(ctx, v, 1, ages=(28, 50))[0]
        services.post_appoint(
            user=user, unit=v, person=person, position=Position.COMMITTEE, term_start=day, reason="补选执委"
        )
    cadres = list(
        FederationMember.objects.filter(
            unit__in=[town, *villages], position=Position.CHAIR, term_end__gte=today
        )
    )
    plans = [
        (CadreTraining.Kind.MEETING, "村（社区）妇联主席以会代训", Decimal("4"), f"{town.name}会议室"),
        (CadreTraining.Kind.COURSE, "妇联执委履职能力专题培训", Decimal("8"), "万源市委党校"),
        (CadreTraining.Kind.TRIP, "赴巴中市学习妇女之家建设", Decimal("16"), "巴中市"),
        (CadreTraining.Kind.UP, "上挂达州市妇联跟班学习", Decimal("120"), "达州市妇联"),
    ]
    for i, (kind, title, hours, where) in enumerate(plans):
        start = max(year, today - dt.timedelta(days=30 * (i + 1)))
        training = services.training_create(
            user=user,
            unit=town,
            kind=kind,
            title=title,
            started_on=start,
            ended_on=start + dt.timedelta(days=29 if kind == CadreTraining.Kind.UP else 0),
            hours=hours,
            place=where,
        )
        for member in rng.sample(cadres, 1 if kind == CadreTraining.Kind.UP else min(len(cadres), 8)):
            if member.term_start <= start:
                services.attendance_add(user=user, training=training, member=member)
    for v in villages[:10]:
        opened = today - dt.timedelta(days=rng.randrange(400, 1500))
        services.place_create(
            user=user,
            unit=v,
            kind=Place.Kind.HOME,
            name=f"{short_name(v)}妇女之家",
            area=Decimal(rng.randrange(40, 120)),
            opened_on=opened,
        )
    for v in villages[10:15]:  # offices secured this year
        opened = max(year, today - dt.timedelta(days=rng.randrange(1, 150)))
        area = Decimal(rng.randrange(12, 30))
        name = f"{short_name(v)}妇联办公室"
        services.place_create(
            user=user, unit=v, kind=Place.Kind.OFFICE, name=name, area=area, opened_on=opened
        )
    name = f"{short_name(villages[15])}妇女儿童之家"
    building = Place.Status.BUILDING
    services.place_create(
        user=user, unit=villages[15], kind=Place.Kind.CHILDREN_HOME, name=name, status=building
    )


def load(ctx) -> None:
    town_staff = ctx.users["town_staff"]
    _restructure(ctx, town_staff)
    _cadres(ctx, town_staff)
    _new_term(ctx, ctx.users["town2_chair"])
